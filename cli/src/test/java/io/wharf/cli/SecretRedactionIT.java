package io.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wharf.testkit.ElasticsearchCleanup;
import io.wharf.testkit.Http;
import io.wharf.testkit.PrivateInfluxDb;
import io.wharf.testkit.Stack;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never printed, with the built jar run as an operator runs it: {@code config show},
 * {@code test output} and the agent's own log. Credentials written in a URL
 * ({@code http://user:pass@host}) are accepted and used as basic auth (checked against an
 * InfluxDB of this test's own with authentication on); for that URL they win over
 * {@code username}/{@code password}, as in Filebeat.
 */
class SecretRedactionIT {
    private static final Path JAR = Path.of("target", "wharf.jar").toAbsolutePath();
    private static final String PASSWORD = "S3cret-pw";
    private final String ns = "sec" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @TempDir
    Path dir;

    private Process agent;

    @AfterEach
    void cleanUp() throws Exception {
        if (agent != null) {
            agent.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        ElasticsearchCleanup.deleteIndexTemplates(Stack.elasticsearchUrl(), "wharf-logs-" + ns);
    }

    private record Run(int exit, String output) {
    }

    private Run wharf(String... args) throws Exception {
        Process p = new ProcessBuilder(java(args)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static List<String> java(String... args) {
        var cmd = new java.util.ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Path config(String yaml) throws IOException {
        Path file = dir.resolve("agent-" + UUID.randomUUID() + ".yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void configShowRedactsKafkaPropertiesThatLookSecretAndPasswordsInUrls() throws Exception {
        Path file = config("""
                outputs:
                  elasticsearch: {hosts: ["http://wharf:%1$s@es1:9200", "https://es2:9200"]}
                  influxdb: {url: "http://wharf:%1$s@influx:8086"}
                  kafka:
                    bootstrap_servers: [kafka1:9093]
                    properties:
                      ssl.key.password: kp-%1$s
                      sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="jp-%1$s";'
                      ssl.keystore.password: ks-%1$s
                      client.id: wharf-agent
                """.formatted(PASSWORD));
        Run show = wharf("config", "show", "-c", file.toString());
        assertThat(show.exit()).as(show.output()).isZero();
        assertThat(show.output()).doesNotContain(PASSWORD)
                .contains("http://wharf:<redacted>@es1:9200", "https://es2:9200", "url: http://wharf:<redacted>@influx:8086",
                        "ssl.key.password: <redacted>", "sasl.jaas.config: <redacted>", "ssl.keystore.password: <redacted>",
                        "client.id: wharf-agent");
    }

    @Test
    void testOutputAuthenticatesWithTheUrlsCredentialsAndNeverPrintsThem() throws Exception {
        try (PrivateInfluxDb influx = PrivateInfluxDb.startWithAuth(dir.resolve("influx"), "wharf", PASSWORD)) {
            String port = influx.url().substring(influx.url().lastIndexOf(':') + 1);
            var created = Http.post(influx.url() + "/query?u=wharf&p=" + PASSWORD, "application/x-www-form-urlencoded",
                    "q=" + Http.encode("CREATE DATABASE " + ns));
            assertThat(created.status()).as(created.body()).isEqualTo(200);

            // the URL's credentials win over username/password, which are wrong here
            Run right = wharf("test", "output", "-c", config("""
                    outputs:
                      elasticsearch: {hosts: ["http://wharf:%1$s@%2$s"], data_stream_namespace: %3$s}
                      influxdb: {url: "http://wharf:%1$s@127.0.0.1:%4$s", database: %3$s, username: other, password: wrong}
                    """.formatted(PASSWORD, Stack.elasticsearchUrl().replaceFirst("^http://", ""), ns, port)).toString());
            assertThat(right.exit()).as(right.output()).isZero();
            assertThat(right.output()).doesNotContain(PASSWORD)
                    .contains("connect http://wharf:<redacted>@127.0.0.1:" + port + " OK")
                    .containsPattern("influxdb +database " + ns + " +OK: exists")
                    .containsPattern("elasticsearch +connect http://wharf:<redacted>@127\\.0\\.0\\.1:\\d+ OK");

            Run wrong = wharf("test", "output", "-c", config("""
                    outputs:
                      influxdb: {url: "http://wharf:not-%s@127.0.0.1:%s", database: %s}
                    """.formatted(PASSWORD, port, ns)).toString());
            assertThat(wrong.exit()).isEqualTo(1);
            assertThat(wrong.output()).doesNotContain(PASSWORD).containsPattern("influxdb +authenticate +FAILED: 401");
        }
    }

    @Test
    void theAgentsWarningAboutAnUnreachableOutputShowsTheUrlWithoutItsPassword() throws Exception {
        int deadPort = freePort(); // nothing listens there
        Path file = config("""
                agent: {data_dir: %s}
                logs: {enabled: false}
                metrics: {enabled: false}
                http: {port: %d}
                outputs:
                  elasticsearch: {hosts: ["http://wharf:%s@127.0.0.1:%d"], data_stream_namespace: %s}
                """.formatted(dir.resolve("data"), freePort(), PASSWORD, deadPort, ns));
        Path log = dir.resolve("agent.log");
        agent = new ProcessBuilder(java("agent", "-c", file.toString())).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> Files.readString(log).contains("cannot reach"));
        agent.destroy(); // a normal stop: its shutdown messages are checked too
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log);
        assertThat(text).doesNotContain(PASSWORD)
                .contains("cannot reach [http://wharf:<redacted>@127.0.0.1:" + deadPort + "]");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
