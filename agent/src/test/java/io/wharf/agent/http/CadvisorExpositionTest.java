package io.wharf.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.metrics.EngineFacts;
import io.wharf.agent.metrics.MetricsConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cAdvisor's label set of a Docker container, as its Prometheus collector and Docker handler build it. */
class CadvisorExpositionTest {
    static final ContainerInfo WEB = new ContainerInfo("abc", "web-1", "dirac/web:8",
            Map.of("com.docker.compose.service", "web", "io.k8s/role", "front", "com.docker.compose-service", "dup"),
            Map.of("DIRAC_SETUP", "LHCb", "DIRAC_VERSION", "v8", "PATH", "/bin", "JAVA_HOME", "/jdk"),
            List.of(), 1, "json-file", null, null, true, "web", Map.of());

    static MetricsConfig config(Boolean storeLabels, List<String> env) {
        return new MetricsConfig(null, null, null, null, null, null, null, null, storeLabels, env, null);
    }

    @Test
    void labelsAndAllowListedEnvironmentBecomeSanitisedLabels() {
        EngineFacts.State restarted = new EngineFacts.State("running", 1, 0, 3, false, null, null, null, null, 0);
        String labels = CadvisorExposition.labels("/docker/abc", WEB, restarted, config(null, List.of("DIRAC_")));
        assertThat(labels).startsWith("{id=\"/docker/abc\",image=\"dirac/web:8\",name=\"web-1\",")
                // every character but [a-zA-Z0-9_] becomes '_'; of two labels that clean alike the first (sorted) wins
                .contains("container_label_com_docker_compose_service=\"dup\"").doesNotContain("=\"web\",container_label_com_docker_compose_service")
                .contains("container_label_io_k8s_role=\"front\"")
                // the engine's restart count, once the container restarted, as cAdvisor's Docker handler adds it
                .contains("container_label_restartcount=\"3\"")
                // environment by name prefix, names in lower case
                .contains("container_env_dirac_setup=\"LHCb\"", "container_env_dirac_version=\"v8\"")
                .doesNotContain("container_env_path", "container_env_java_home").endsWith("}");
    }

    @Test
    void withoutStoredLabelsOnlyTheBaseLabels() {
        assertThat(CadvisorExposition.labels("/docker/abc", WEB, null, config(false, List.of())))
                .isEqualTo("{id=\"/docker/abc\",image=\"dirac/web:8\",name=\"web-1\"}");
    }
}
