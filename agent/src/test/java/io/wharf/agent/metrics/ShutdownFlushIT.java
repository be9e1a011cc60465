package io.wharf.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.agent.AgentProcessMain;
import io.wharf.core.json.Json;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import io.wharf.testkit.TestContainers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as its own JVM with a publish interval of an hour, stopped with SIGTERM as an init
 * system stops it: the container, host and DIRAC request metrics of that unfinished interval are
 * in the real InfluxDB afterwards (none were there before the stop).
 */
class ShutdownFlushIT {
    @TempDir
    Path tmp;
    final TestContainers containers = new TestContainers();
    final String database = "wharf_flush_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String hostName = "flush-host-" + UUID.randomUUID().toString().substring(0, 6);
    Process agent;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.destroyForcibly();
        }
        containers.close();
        Http.post(Stack.influxUrl() + "/query", "application/x-www-form-urlencoded", "q=" + Http.encode("DROP DATABASE " + database));
    }

    @Test
    void sigtermFlushesTheLastPartialIntervalOfContainerHostAndDiracRequestMetrics() throws Exception {
        // three requests, one of them failed, then the service idles
        String script = "echo '2021-01-04 10:00:00 UTC WorkloadManagement/JobMonitoring NOTICE: Returning response "
                + "(188.185.1.2:51234)[lhcb_user:jdoe] (0.12 secs) OK'; "
                + "echo '2021-01-04 10:00:01 UTC WorkloadManagement/JobMonitoring NOTICE: Returning response "
                + "(188.185.1.2:51235)[lhcb_user:jdoe] (0.30 secs) OK'; "
                + "echo '2021-01-04 10:00:02 UTC WorkloadManagement/JobMonitoring NOTICE: Returning response "
                + "(188.185.1.2:51236)[lhcb_user:jdoe] (1.50 secs) ERROR: Job 42 does not exist'; "
                + "while :; do sleep 1; done";
        Path out = tmp.resolve("out");
        Path config = tmp.resolve("agent.yml");
        Files.writeString(config, """
                agent:
                  name: %s
                  data_dir: %s
                logs:
                  parser: dirac
                  rules:
                    - match: {label: "wharf.test=%s"}
                    - match: {name: "*"}
                      exclude: true
                metrics:
                  interval: 1s
                  flush_interval: 1h
                http:
                  enabled: false
                outputs:
                  file:
                    path: %s
                    batch: {flush_interval: 50ms}
                  influxdb:
                    url: %s
                    database: %s
                    create_database: true
                    batch: {flush_interval: 200ms}
                """.formatted(hostName, tmp.resolve("data"), containers.runId(), out, Stack.influxUrl(), database));
        agent = AgentProcessMain.launch(config, tmp.resolve("agent.log"), "agent");
        String name = containers.name("svc");
        containers.spec("svc", script).start();

        // the three lines went through the log pipeline (and so through the DIRAC request metrics)
        Path events = out.resolve("events.ndjson");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(events) && Files.readAllLines(events).stream().filter(l -> l.contains(name)).count() >= 3);
        // the hour-long interval is running: nothing was published yet
        assertThat(series("SELECT * FROM docker_container_cpu, cpu, dirac_requests")).as("nothing published before the stop").isNull();

        agent.destroy(); // SIGTERM: the shutdown hook closes the agent
        assertThat(agent.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("agent stopped").isTrue();
        String log = Files.readString(tmp.resolve("agent.log"));
        assertThat(log).doesNotContain("points dropped").doesNotContain("not flushed");

        JsonNode cpu = series("SELECT last(usage_total) FROM docker_container_cpu WHERE container_name = '" + name + "'");
        assertThat(cpu).as("container CPU of the last interval; agent log:%n%s", log).isNotNull();
        assertThat(cpu.at("/values/0/1").asLong()).as("cumulative CPU ns").isPositive();
        JsonNode mem = series("SELECT last(usage) FROM docker_container_mem WHERE container_name = '" + name + "'");
        assertThat(mem).isNotNull();
        assertThat(mem.at("/values/0/1").asLong()).as("memory bytes").isPositive();
        JsonNode host = series("SELECT last(total) FROM mem WHERE host = '" + hostName + "'");
        assertThat(host).as("host memory of the last interval").isNotNull();
        assertThat(host.at("/values/0/1").asLong()).isPositive();

        JsonNode requests = series("SELECT sum(requests), sum(errors), max(response_time_max) FROM dirac_requests WHERE host = '"
                + hostName + "' AND component = 'WorkloadManagement/JobMonitoring'");
        assertThat(requests).as("DIRAC requests of the last interval").isNotNull();
        assertThat(requests.at("/values/0/1").asLong()).isEqualTo(3);
        assertThat(requests.at("/values/0/2").asLong()).isEqualTo(1);
        assertThat(requests.at("/values/0/3").asDouble()).isEqualTo(1.5);
    }

    /** The first series of an InfluxQL answer, or null when there is none (or no database yet). */
    private JsonNode series(String q) throws Exception {
        Http.Response r = Http.get(Stack.influxUrl() + "/query?db=" + database + "&q=" + Http.encode(q));
        JsonNode s = Json.MAPPER.readTree(r.body()).at("/results/0/series/0");
        return s.isMissingNode() ? null : s;
    }
}
