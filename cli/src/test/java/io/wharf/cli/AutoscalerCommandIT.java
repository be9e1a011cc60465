package io.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.json.Json;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import io.wharf.testkit.SwarmServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wharf autoscaler} from the built jar, as an operator runs it: a bad file stops it with
 * exit code 2 and file:line:key; {@code --dry-run} against a real Swarm service and CPU points in
 * the real InfluxDB decides, reports (log, InfluxDB, API) and leaves the replica count alone.
 */
class AutoscalerCommandIT {
    private static final Path JAR = Path.of("target", "wharf.jar").toAbsolutePath();
    private final String database = "wharf_ascmd_" + UUID.randomUUID().toString().substring(0, 8);
    private final SwarmServices services = new SwarmServices();
    private Process autoscaler;

    @AfterEach
    void cleanUp() throws Exception {
        if (autoscaler != null) {
            autoscaler.destroy();
            autoscaler.waitFor(20, TimeUnit.SECONDS);
            autoscaler.destroyForcibly();
        }
        services.close();
        influx("DROP DATABASE " + database);
    }

    @Test
    void aBadConfigurationExitsWithCode2NamingFileLineAndKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("autoscaler.yml");
        Files.writeString(config, """
                orchestrators:
                  swarm: {}
                policies:
                  - service: web
                    max_instances: 4
                    metrics:
                      - type: cpu_percent
                        target: -5
                """);
        Run bad = wharf(dir, "autoscaler", "-c", config.toString());
        assertThat(bad.exit).isEqualTo(2);
        assertThat(bad.output).contains(config + ":8: policies[0].metrics[0].target: must be a positive number");

        Files.writeString(config, """
                orchestrators:
                  swarm: {}
                policies:
                  - service: web
                    max_instances: 4
                    stabilisation_window: 1m
                    metrics: [{type: cpu_percent, target: 50}]
                """);
        Run typo = wharf(dir, "autoscaler", "-c", config.toString(), "--dry-run");
        assertThat(typo.exit).isEqualTo(2);
        assertThat(typo.output).contains(config + ":6: policies[0].stabilisation_window: unknown key 'stabilisation_window'");

        Files.writeString(config, """
                orchestrators:
                  kubernetes: {}
                policies:
                  - {service: web, orchestrator: kubernetes, max_instances: 4, metrics: [{type: cpu_percent, target: 50}]}
                """);
        Run noCluster = wharf(dir, "autoscaler", "-c", config.toString());
        assertThat(noCluster.exit).isEqualTo(2);
        assertThat(noCluster.output).contains(config + ": orchestrators.kubernetes: set url or kubeconfig")
                .doesNotContain("\tat ");

        Run missing = wharf(dir, "autoscaler", "-c", dir.resolve("nope.yml").toString());
        assertThat(missing.exit).isEqualTo(2);
        assertThat(missing.output).contains("nope.yml").contains("no such file");
    }

    @Test
    void checkPrintsTheEffectiveConfigurationWithDefaultsAndRedactedSecrets(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("autoscaler.yml");
        Files.writeString(config, """
                influxdb:
                  password: hunter2
                  username: ops
                http: {token: t0ps3cret}
                orchestrators:
                  swarm: {}
                policies:
                  - service: web
                    max_instances: 4
                    metrics: [{type: cpu_percent, target: 50}]
                """);
        Run check = wharf(dir, "autoscaler", "-c", config.toString(), "--check");
        assertThat(check.exit).as(check.output).isZero();
        assertThat(check.output).contains("stabilization_window: 5m").contains("tolerance: 0.1").contains("port: 5067")
                .contains("host: 127.0.0.1").doesNotContain("hunter2").doesNotContain("t0ps3cret");
    }

    @Test
    void theDocumentedExampleConfigurationIsValid(@TempDir Path dir) throws Exception {
        Path example = Path.of("..", "docs", "examples", "autoscaler.yml").toAbsolutePath().normalize();
        Run check = wharf(dir, Map.of("MARATHON_PASSWORD", "from-the-environment"), "autoscaler", "-c", example.toString(), "--check");
        assertThat(check.exit).as(check.output).isZero();
        assertThat(check.output).contains("service: DataManagement/FileCatalog").contains("target: /dirac/dm/filecatalog")
                .contains("name: queue_per_instance").doesNotContain("from-the-environment");
    }

    @Test
    void dryRunDecidesAndReportsButLeavesTheRealSwarmServiceAlone(@TempDir Path dir) throws Exception {
        String service = services.create("dry", 1, "sleep 600", null);
        await().atMost(Duration.ofSeconds(60)).until(() -> services.runningTasks(service) == 1);
        influx("CREATE DATABASE " + database);
        // 40% per instance for a 10% target: HPA asks ceil(1 * 40 / 10) = 4. Written in the agent's schema, fresh for 30 s.
        long now = System.currentTimeMillis();
        List<String> points = new ArrayList<>();
        for (int s = 0; s <= 30; s += 2) {
            points.add("docker_container_cpu,host=it,service=" + service + ",container_name=" + service + ".1.x,cpu=cpu-total"
                    + " usage_percent=40 " + (now + s * 1000L));
        }
        Http.Response write = Http.post(Stack.influxUrl() + "/write?precision=ms&db=" + database, "text/plain", String.join("\n", points));
        assertThat(write.status()).as(write.body()).isEqualTo(204);

        int port = freePort();
        Path config = dir.resolve("autoscaler.yml");
        Files.writeString(config, """
                interval: 1s
                influxdb:
                  url: %s
                  database: %s
                http:
                  port: %d
                orchestrators:
                  swarm: {}
                policies:
                  - service: %s
                    max_instances: 4
                    window: 20s
                    cooldown: 0s
                    metrics:
                      - {type: cpu_percent, target: 10}
                """.formatted(Stack.influxUrl(), database, port, service));
        autoscaler = new ProcessBuilder("java", "-Xmx128m", "-jar", JAR.toString(), "autoscaler", "-c", config.toString(), "--dry-run")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("autoscaler.log").toFile()).start();

        String api = "http://127.0.0.1:" + port + "/api/v1/autoscaler";
        JsonNode decision = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> Json.MAPPER.readTree(Http.get(api).body()), b -> b.at("/services/0/outcome").asText().equals("dry_run"));
        assertThat(decision.get("dry_run").asBoolean()).isTrue();
        assertThat(decision.at("/services/0/service").asText()).isEqualTo(service);
        assertThat(decision.at("/services/0/target").asInt()).isEqualTo(4);
        assertThat(decision.at("/services/0/reason").asText()).isEqualTo("dry run: would scale up to 4");

        // Several rounds later, the decisions are in InfluxDB and Swarm still runs exactly one replica.
        JsonNode recorded = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> influx("SELECT \"current\", \"desired\", \"target\", \"reason\" FROM \"wharf_autoscaler\" WHERE \"service\" = '"
                        + service + "' AND \"outcome\" = 'dry_run'").at("/results/0/series/0/values"), v -> v.size() >= 3);
        for (JsonNode row : recorded) {
            assertThat(row.get(1).asInt()).as("current").isEqualTo(1);
            assertThat(row.get(2).asInt()).as("desired").isEqualTo(4);
            assertThat(row.get(3).asInt()).as("target").isEqualTo(4);
            assertThat(row.get(4).asText()).isEqualTo("dry run: would scale up to 4");
        }
        assertThat(services.replicas(service)).isEqualTo(1);
        assertThat(services.runningTasks(service)).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("autoscaler.log"))).contains("(dry run: deciding, not acting)");

        autoscaler.destroy();  // SIGTERM, as systemd or docker stop sends it
        assertThat(autoscaler.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        assertThat(services.replicas(service)).isEqualTo(1);
    }

    private record Run(int exit, String output) {
    }

    private static Run wharf(Path dir, String... args) throws Exception {
        return wharf(dir, Map.of(), args);
    }

    private static Run wharf(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx128m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }

    private static JsonNode influxQuery(String db, String q) throws IOException {
        Http.Response r = Http.post(Stack.influxUrl() + "/query?epoch=ms" + (db == null ? "" : "&db=" + db),
                "application/x-www-form-urlencoded", "q=" + Http.encode(q));
        return Json.MAPPER.readTree(r.body());
    }

    private JsonNode influx(String q) throws IOException {
        return influxQuery(q.startsWith("CREATE") || q.startsWith("DROP") ? null : database, q);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
