package io.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.agent.Agent;
import io.wharf.agent.AgentConfig;
import io.wharf.autoscaler.Autoscaler;
import io.wharf.autoscaler.config.AutoscalerConfig;
import io.wharf.core.config.ConfigLoader;
import io.wharf.core.json.Json;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import io.wharf.testkit.SwarmServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler's whole loop, all real: a Swarm service of busybox workers, the agent reading
 * their CPU from the cgroups and writing it to InfluxDB with the Swarm service as the
 * {@code service} tag, and the autoscaler reading it back with InfluxQL and scaling the service
 * through the Docker API.
 *
 * <p>Why a job queue: per-instance CPU only falls when instances are added if the demand is
 * shared, as for a real worker pool (DIRAC agents pulling jobs). Each worker is limited to 0.1
 * CPU and takes job files from a bind-mounted folder (an atomic rename, so each job is taken
 * once) and burns its CPU for 1 s per job. The test drops 3 jobs every 2 s and deletes what
 * nobody took in time (shed load, so no backlog builds up): 3 job-seconds at 10% per 2 s is 15%
 * of a core in all (measured 16-17%: polling and forks add a little), so 1 worker runs at 10%,
 * 2 at about 8%, 3 at about 5.5%. With a 5.5% target and max_step 1 the HPA rule goes
 * 1 -> 2 -> 3 and stays. The tolerance is 0.2 rather than the default 0.1 so that 3 is the
 * resting count for any total between 13% and 20% of a core (a busy shared machine moves it);
 * the 20 s cooldown lets the 10 s window forget the previous count before the next change.
 * When the test stops dropping jobs the workers idle, and the service goes back to 1 only after
 * the (shortened) 20 s stabilisation window.
 */
class AutoscalerEndToEndIT {
    private static final String WORKER = """
            while :; do
              for f in /ctl/jobs/job-*; do
                [ -e "$f" ] || continue
                mv "$f" /ctl/taken/ 2>/dev/null && { timeout 1 sh -c 'while :; do :; done'; rm -f "/ctl/taken/${f##*/}"; }
              done
              sleep 0.2
            done
            """;
    private static final Duration STABILIZATION = Duration.ofSeconds(20);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String database = "wharf_ase2e_" + run;
    private final SwarmServices services = new SwarmServices();
    private final ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicBoolean load = new AtomicBoolean(true);
    private final AtomicLong jobs = new AtomicLong();
    private Path control;
    private Agent agent;
    private Autoscaler autoscaler;

    @AfterEach
    void cleanUp() throws IOException {
        producer.shutdownNow();
        if (autoscaler != null) {
            autoscaler.close();
        }
        services.close();
        if (agent != null) {
            agent.close();
        }
        Http.post(Stack.influxUrl() + "/query", "application/x-www-form-urlencoded", "q=" + Http.encode("DROP DATABASE " + database));
        if (control != null) {
            try (Stream<Path> files = Files.walk(control)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void scalesUpUntilWithinToleranceAndBackDownAfterTheStabilizationWindow() throws Exception {
        control = Files.createTempDirectory("wharf-e2e-autoscaler-");
        Files.createDirectories(control.resolve("jobs"));
        Files.createDirectories(control.resolve("taken"));
        String service = services.createWithControlDir("cpu", 1, WORKER, 0.1, control.toString());

        agent = Agent.start(ConfigLoader.parse("agent.yml", """
                agent:
                  name: e2e-autoscaler
                  data_dir: %s
                logs:
                  enabled: false
                metrics:
                  interval: 1s
                  flush_interval: 2s
                http:
                  enabled: false
                outputs:
                  influxdb:
                    url: %s
                    database: %s
                    create_database: true
                    batch: {flush_interval: 200ms}
                """.formatted(control.resolve("agent-data"), Stack.influxUrl(), database), AgentConfig.class, System::getenv));

        producer.scheduleAtFixedRate(this::dropJobs, 0, 2, TimeUnit.SECONDS);
        autoscaler = Autoscaler.start(ConfigLoader.parse("autoscaler.yml", """
                interval: 2s
                influxdb:
                  url: %s
                  database: %s
                http:
                  port: 0
                orchestrators:
                  swarm: {}
                policies:
                  - service: %s
                    min_instances: 1
                    max_instances: 4
                    window: 10s
                    tolerance: 0.2
                    max_step: 1
                    cooldown: 20s
                    stabilization_window: %ds
                    metrics:
                      - {type: cpu_percent, target: 5.5}
                """.formatted(Stack.influxUrl(), database, service, STABILIZATION.toSeconds()), AutoscalerConfig.class, System::getenv));
        String api = "http://127.0.0.1:" + autoscaler.apiPort() + "/api/v1/autoscaler";

        // Up: 10% per instance on 1 worker is twice the target; it scales until the value is within 10% of 5%.
        JsonNode settled;
        try {
            settled = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> Json.MAPPER.readTree(Http.get(api).body()).at("/services/0"),
                            d -> d.get("current").asInt() >= 2 && d.get("reason").asText().equals("within tolerance"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + whatTheAgentSaw(service), e);
        }
        double perInstance = settled.at("/metrics/0/value").asDouble();
        assertThat(perInstance).as("per-instance CPU %% within 20%% of the 5.5%% target").isBetween(4.4, 6.6);
        int scaledTo = settled.get("current").asInt();
        assertThat(services.replicas(service)).as("Swarm's replica count").isEqualTo(scaledTo);
        JsonNode ups = influxValues("SELECT \"current\", \"target\" FROM \"wharf_autoscaler\" WHERE \"service\" = '" + service
                + "' AND \"action\" = 'up' AND \"outcome\" = 'applied'");
        assertThat(ups).as("applied scale-ups recorded in InfluxDB").isNotEmpty();
        assertThat(ups.get(0).get(1).asInt()).isEqualTo(1);
        assertThat(ups.get(ups.size() - 1).get(2).asInt()).isEqualTo(scaledTo);

        // Down: no more jobs; the workers idle and the service returns to 1 after the stabilisation window.
        load.set(false);
        Instant stopped = Instant.now();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> services.replicas(service) == 1);
        JsonNode downs = influxValues("SELECT \"current\", \"target\" FROM \"wharf_autoscaler\" WHERE \"service\" = '" + service
                + "' AND \"action\" = 'down' AND \"outcome\" = 'applied'");
        assertThat(downs).as("applied scale-downs recorded in InfluxDB").isNotEmpty();
        Instant firstDown = Instant.ofEpochMilli(downs.get(0).get(0).asLong());
        assertThat(firstDown).as("not before the stabilisation window has passed since the load stopped")
                .isAfterOrEqualTo(stopped.plus(STABILIZATION));
        assertThat(downs.get(downs.size() - 1).get(2).asInt()).isEqualTo(1);
        JsonNode held = influxValues("SELECT \"current\", \"reason\" FROM \"wharf_autoscaler\" WHERE \"service\" = '" + service
                + "' AND \"action\" = 'down' AND \"outcome\" = 'held' AND time >= " + stopped.toEpochMilli() + "ms");
        assertThat(held).as("scale-downs held while stabilizing").isNotEmpty()
                .anySatisfy(row -> assertThat(row.get(2).asText()).contains("stabiliz"));
    }

    /** Every 2 s: what nobody took is shed, and 3 new jobs while the load is on. */
    private void dropJobs() {
        try (Stream<Path> left = Files.list(control.resolve("jobs"))) {
            left.forEach(p -> p.toFile().delete());
            if (load.get()) {
                long tick = jobs.incrementAndGet();
                for (int i = 1; i <= 3; i++) {
                    Files.createFile(control.resolve("jobs").resolve("job-" + tick + "-" + i));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** For a failure message: which containers the agent follows, and what CPU series reached InfluxDB. */
    private String whatTheAgentSaw(String service) {
        StringBuilder sb = new StringBuilder("the agent follows:");
        agent.containers().all().forEach(c -> sb.append("\n  ").append(c.name()).append(" service=").append(c.serviceName())
                .append(" pid=").append(c.pid()));
        sb.append("\nmetrics rounds: ").append(agent.metrics().value("wharf_metrics_rounds_total"))
                .append(", failed container samples: ").append(agent.metrics().value("wharf_metrics_errors_total"));
        try {
            sb.append("\nInfluxDB ").append(database).append(" docker_container_cpu series: ")
                    .append(influxValues("SHOW SERIES FROM \"docker_container_cpu\""))
                    .append("\nSwarm running tasks of ").append(service).append(": ").append(services.runningTasks(service));
        } catch (IOException | RuntimeException e) {
            sb.append("\n(cannot read InfluxDB: ").append(e).append(')');
        }
        return sb.toString();
    }

    private JsonNode influxValues(String q) throws IOException {
        Http.Response r = Http.post(Stack.influxUrl() + "/query?epoch=ms&db=" + database, "application/x-www-form-urlencoded",
                "q=" + Http.encode(q));
        return Json.MAPPER.readTree(r.body()).at("/results/0/series/0/values");
    }
}
