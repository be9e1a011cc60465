package io.wharf.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wharf.agent.docker.ContainerInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's HTTP API as a user (curl, a browser, a probe) sees it, over a real agent and real containers. */
class AgentHttpApiIT {
    @TempDir
    static Path data;
    static AgentUnderTest it;
    static ContainerInfo web;

    @BeforeAll
    static void start() throws Exception {
        it = new AgentUnderTest(data);
        web = it.follow(it.containers.spec("web", "sleep 3600").label("app", "dirac-web"), "dirac-web");
        await().atMost(Duration.ofSeconds(20)).until(() -> it.get("/readyz", false).statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (it != null) {
            it.close();
        }
    }

    @Test
    void probesAreOpenAndTheRestNeedsTheToken() throws Exception {
        assertThat(it.get("/healthz", false).statusCode()).isEqualTo(200);
        assertThat(it.get("/readyz", false).statusCode()).isEqualTo(200);
        var denied = it.get("/api/v1/containers", false);
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(it.get("/metrics", false).statusCode()).isEqualTo(401);
        assertThat(it.get("/api/v1/containers", true).statusCode()).isEqualTo(200);
        assertThat(it.get("/api/v1/nothing", true).statusCode()).isEqualTo(404);
        // The scheme is case-insensitive (RFC 7235), as curl users and proxies write it.
        assertThat(it.get("/api/v1/containers", "bearer " + it.token).statusCode()).isEqualTo(200);
        assertThat(it.get("/api/v1/containers", "BEARER " + it.token).statusCode()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsContainersWithTheirLatestStats() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> it.get("/api/v1/containers", true).body().contains("memory_working_set"));
        List<Map<String, Object>> list = it.agent.httpApi() == null ? List.of()
                : ApiRoutes.JSON.readValue(it.get("/api/v1/containers", true).body(), List.class);
        Map<String, Object> c = list.stream().filter(m -> web.id().equals(m.get("id"))).findFirst().orElseThrow();
        assertThat(c).containsEntry("name", web.name()).containsEntry("image", "local/busybox:1").containsEntry("service", "dirac-web");
        Map<String, Object> latest = (Map<String, Object>) c.get("latest");
        assertThat(((Number) latest.get("memory_working_set")).longValue()).isPositive();
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneContainerHasItsSpecLabelsAndRecentSamples() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ((List<?>) it.json("/api/v1/containers/" + web.shortId()).getOrDefault("samples", List.of())).size() >= 3);
        Map<String, Object> c = it.json("/api/v1/containers/" + web.shortId());
        assertThat(c).containsEntry("id", web.id()).containsEntry("cgroup", "/docker/" + web.id());
        assertThat((Map<String, Object>) c.get("labels")).containsEntry("app", "dirac-web");
        assertThat((Map<String, Object>) c.get("orchestrator")).containsEntry("orchestrator.type", "compose");
        List<Map<String, Object>> samples = (List<Map<String, Object>>) c.get("samples");
        Map<String, Object> cgroup = (Map<String, Object>) samples.get(samples.size() - 1).get("cgroup");
        assertThat((Map<String, Object>) cgroup.get("memory")).containsKeys("usage", "working_set", "limit");
        assertThat((Map<String, Object>) cgroup.get("cpu")).containsKeys("usage_ns", "throttled_periods");
        // samples are oldest first, one a second
        long first = ((Number) samples.get(0).get("timestamp_millis")).longValue();
        long last = ((Number) samples.get(samples.size() - 1).get("timestamp_millis")).longValue();
        assertThat(last).isGreaterThan(first);
        assertThat(it.get("/api/v1/containers/no-such-container", true).statusCode()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void machineShowsHostFactsAndLatestSample() throws Exception {
        Map<String, Object> m = it.json("/api/v1/machine");
        assertThat(m).containsEntry("host", it.hostName);
        assertThat(((Number) m.get("n_cpus")).intValue()).isEqualTo(Runtime.getRuntime().availableProcessors());
        Map<String, Object> latest = (Map<String, Object>) m.get("latest");
        assertThat(((Number) ((Map<String, Object>) latest.get("memory")).get("total")).longValue()).isPositive();
        assertThat(((Number) latest.get("n_containers")).intValue()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void metricsUseCadvisorNamesAndIncludeTheAgentsOwnCounters() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> it.get("/metrics", true).body().contains(web.name()));
        var r = it.get("/metrics", true);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        // cAdvisor's id, image and name, then its container_label_* labels (here the Compose ones)
        String labels = "{id=\"/docker/" + web.id() + "\",image=\"local/busybox:1\",name=\"" + web.name() + "\""
                + ",container_label_app=\"dirac-web\",container_label_com_docker_compose_project=\"wharf-it\""
                + ",container_label_com_docker_compose_service=\"dirac-web\",container_label_wharf_test=\"" + it.containers.runId() + "\"";
        assertThat(r.body()).contains("container_cpu_usage_seconds_total" + labels + ",cpu=\"total\"} ")
                .contains("container_memory_working_set_bytes" + labels + "} ")
                .contains("container_memory_usage_bytes" + labels + "} ")
                .contains("container_spec_memory_limit_bytes" + labels + "} 0\n")
                .contains("container_network_receive_bytes_total" + labels + ",interface=\"eth0\"} ")
                .contains("container_start_time_seconds" + labels + "} ")
                // the machine, cAdvisor's root container
                .contains("container_memory_usage_bytes{id=\"/\"} ")
                .contains("# TYPE container_cpu_usage_seconds_total counter")
                .contains("wharf_metrics_rounds_total ")
                .contains("wharf_events_in_total{component=\"publisher\"}");
    }

    @Test
    void thePageIsServedAndReadsTheJsonApi() throws Exception {
        var page = it.get("/", false);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("fetch('/api/v1/containers'").contains("Bearer ");
    }

    @Test
    void metricPointsReachTheConfiguredOutput() throws Exception {
        // the file output writes NDJSON under the data folder: points flushed every 2 s land there
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            try (var files = java.nio.file.Files.walk(data)) {
                return files.filter(java.nio.file.Files::isRegularFile).anyMatch(f -> {
                    try {
                        String s = java.nio.file.Files.readString(f);
                        return s.contains("docker_container_cpu") && s.contains(web.name());
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
            }
        });
    }
}
