package io.wharf.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.agent.docker.ContainerInfo;
import io.wharf.testkit.Http;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package; {@code scripts/stack up prometheus} installs it) scrapes
 * the agent's /metrics every second with the bearer token, and the series are read back through
 * Prometheus' own HTTP API, as a Grafana panel or a recording rule would read them.
 */
class PrometheusScrapeIT {
    @TempDir
    static Path tmp;
    static AgentUnderTest it;
    static ContainerInfo busy;
    static Process prometheus;
    static String prometheusUrl;

    @BeforeAll
    static void start() throws Exception {
        it = new AgentUnderTest(tmp.resolve("data"));
        busy = it.follow(it.containers.spec("scraped", "while :; do :; done").cpus(0.2), "scraped");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        prometheusUrl = "http://127.0.0.1:" + port;
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: wharf
                    authorization:
                      type: Bearer
                      credentials: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(it.token, it.agent.httpApi().port()));
        String binary = Files.isExecutable(Path.of("/usr/bin/prometheus")) ? "/usr/bin/prometheus" : "prometheus";
        prometheus = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> ready(prometheusUrl));
    }

    static boolean ready(String url) {
        try {
            return Http.get(url + "/-/ready").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (it != null) {
            it.close();
        }
    }

    static JsonNode query(String promql) throws Exception {
        Http.Response r = Http.get(prometheusUrl + "/api/v1/query?query=" + Http.encode(promql));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return ApiRoutes.JSON.readTree(r.body()).path("data").path("result");
    }

    static double value(JsonNode result) {
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    @Test
    void containerSeriesAndSelfMetricsAreScrapedUnderCadvisorNames() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> query("up{job=\"wharf\"} == 1").size() == 1);
        String cpu = "container_cpu_usage_seconds_total{name=\"" + busy.name() + "\"}";
        await().atMost(Duration.ofSeconds(30)).until(() -> query(cpu).size() == 1 && value(query(cpu)) > 0);
        JsonNode series = query(cpu).get(0).path("metric");
        assertThat(series.path("id").asText()).isEqualTo("/docker/" + busy.id());
        assertThat(series.path("image").asText()).isEqualTo("local/busybox:1");
        assertThat(series.path("cpu").asText()).isEqualTo("total");

        // the CPU rate as a dashboard computes it, once 10 s of scrapes are in: busy, and never above
        // the 0.2 core it is limited to (less when the shared host is saturated)
        await().atMost(Duration.ofSeconds(30)).until(() -> query("count_over_time(" + cpu + "[10s]) >= 8").size() == 1);
        String rate = "rate(" + cpu + "[10s])";
        assertThat(value(query(rate))).isBetween(0.02, 0.25);
        // what Prometheus holds is what the agent served: at most the agent's latest reading, in seconds
        double scraped = value(query(cpu));
        double agentNow = it.agent.metricsCollector().store().find(busy.id()).orElseThrow().samples().latest()
                .cgroup().cpu().usageNs() / 1e9;
        assertThat(scraped).isPositive().isLessThanOrEqualTo(agentNow).isGreaterThan(agentNow - 5 * 0.25);

        assertThat(query("container_memory_working_set_bytes{name=\"" + busy.name() + "\"} > 0")).hasSize(1);
        assertThat(value(query("wharf_metrics_rounds_total{job=\"wharf\"}"))).isPositive();
        assertThat(query("wharf_events_in_total{component=\"publisher\"}")).isNotEmpty();
    }

    static {
        // a clear error instead of an IOException when the binary is missing
        if (!new File("/usr/bin/prometheus").canExecute() && System.getenv("PATH") != null
                && java.util.Arrays.stream(System.getenv("PATH").split(":")).noneMatch(d -> new File(d, "prometheus").canExecute())) {
            throw new IllegalStateException("prometheus is not installed: run scripts/stack up prometheus");
        }
    }
}
