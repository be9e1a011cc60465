package io.wharf.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrchestratorMetadataTest {
    @Test
    void swarmServiceFromItsLabels() {
        var r = OrchestratorMetadata.of("web.1.abc", Map.of("com.docker.swarm.service.name", "dirac_web",
                "com.docker.swarm.task.id", "t1", "com.docker.stack.namespace", "dirac"), Map.of(), List.of());
        assertThat(r.serviceName()).isEqualTo("dirac_web");
        assertThat(r.fields()).containsEntry("orchestrator.type", "swarm").containsEntry("orchestrator.resource.name", "dirac_web")
                .containsEntry("orchestrator.namespace", "dirac").containsEntry("docker.swarm.task.id", "t1");
    }

    @Test
    void marathonAppFromTheEnvironment() {
        var r = OrchestratorMetadata.of("mesos-123", Map.of(), Map.of("MARATHON_APP_ID", "/dirac/web", "MESOS_TASK_ID", "dirac_web.42"), List.of());
        assertThat(r.serviceName()).isEqualTo("dirac/web");
        assertThat(r.fields()).containsEntry("orchestrator.type", "marathon").containsEntry("mesos.task.id", "dirac_web.42");
    }

    @Test
    void composeAndKubernetes() {
        assertThat(OrchestratorMetadata.of("p_web_1", Map.of("com.docker.compose.service", "web", "com.docker.compose.project", "p"),
                Map.of(), List.of()).serviceName()).isEqualTo("web");
        var k = OrchestratorMetadata.of("k8s_x", Map.of("io.kubernetes.pod.name", "web-5d8", "io.kubernetes.pod.namespace", "prod",
                "io.kubernetes.container.name", "web"), Map.of(), List.of());
        assertThat(k.serviceName()).isEqualTo("web");
        assertThat(k.fields()).containsEntry("orchestrator.type", "kubernetes").containsEntry("kubernetes.pod.name", "web-5d8");
    }

    @Test
    void diracComponentFromTheCommandOrALabel() {
        assertThat(OrchestratorMetadata.of("c", Map.of(), Map.of(), List.of("/opt/dirac/bin/dirac-agent", "WorkloadManagement/JobCleaningAgent"))
                .fields()).containsEntry("dirac.component", "WorkloadManagement/JobCleaningAgent");
        assertThat(OrchestratorMetadata.of("c", Map.of(), Map.of(), List.of("sh", "-c", "exec dirac-service Framework/SystemAdministrator -o x"))
                .fields()).containsEntry("dirac.component", "Framework/SystemAdministrator");
        assertThat(OrchestratorMetadata.of("c", Map.of("wharf.dirac.component", "DataManagement/FileCatalog"), Map.of(), List.of())
                .fields()).containsEntry("dirac.component", "DataManagement/FileCatalog");
        var plain = OrchestratorMetadata.of("plain", Map.of(), Map.of(), List.of("nginx"));
        assertThat(plain.serviceName()).isEqualTo("plain");
        assertThat(plain.fields()).isEmpty();
    }

    @Test
    void ownContainerIdFromCgroupOrMountinfo() {
        String id = "a".repeat(64);
        assertThat(SelfContainer.find("12:memory:/docker/" + id + "\n")).contains(id);
        assertThat(SelfContainer.find("0::/system.slice/docker-" + id + ".scope\n")).contains(id);
        assertThat(SelfContainer.find("1 2 0:3 /var/lib/docker/containers/" + id + "/hostname /etc/hostname")).contains(id);
        assertThat(SelfContainer.find("0::/init.scope")).isEmpty();
    }

    @Test
    void backoffDoublesUpToItsMaximumAndResets() {
        Backoff b = new Backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1));
        long first = b.nextMillis();
        assertThat(first).isBetween(80L, 120L);
        for (int i = 0; i < 10; i++) {
            assertThat(b.nextMillis()).isLessThanOrEqualTo(1000L);
        }
        assertThat(b.nextMillis()).isGreaterThanOrEqualTo(800L);
        b.reset();
        assertThat(b.nextMillis()).isBetween(80L, 120L);
    }
}
