package io.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.json.Json;
import io.wharf.testkit.Http;
import io.wharf.testkit.TestContainers;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code wharf.jar}, run as a separate process the way {@code ./wharf run} runs it:
 * embedded default configuration, a real Docker engine, answers on its HTTP API and writes
 * parsed events under its data directory.
 */
class WharfJarIT {
    private static final Path JAR = Path.of("target", "wharf.jar").toAbsolutePath();
    private final TestContainers containers = new TestContainers();
    private Process agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.destroy();
            agent.waitFor(20, TimeUnit.SECONDS);
            agent.destroyForcibly();
        }
        containers.close();
    }

    @Test
    void embeddedDefaultListsContainersAndWritesParsedEvents(@TempDir Path dir) throws Exception {
        String name = containers.name("run");
        containers.spec("run", "echo '2016-04-22 11:10:32 UTC DataManagement/FileCatalog[PzMY] NOTICE: Returning response "
                + "([::ffff:128.142.132.74]:58269)[diracAdmin:chaen] (0.01 secs) OK'; while :; do sleep 1; done").start();

        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx256m", "-jar", JAR.toString(), "agent")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile());
        pb.environment().put("WHARF_HTTP_PORT", Integer.toString(port));
        pb.environment().put("WHARF_DATA_DIR", dir.resolve("data").toString());
        agent = pb.start();

        String api = "http://127.0.0.1:" + port + "/api/v1/containers";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> Http.get(api).body().contains(name));

        Path events = dir.resolve("data").resolve("events.ndjson");
        // ignoreExceptions: the agent may be half-way through writing the last line when the test reads the file
        JsonNode event = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> findEvent(events, name), e -> e != null);
        assertThat(event.at("/dirac/component").asText()).isEqualTo("DataManagement/FileCatalog");
        assertThat(event.at("/user/name").asText()).isEqualTo("chaen");
        assertThat(event.at("/event/duration").asLong()).isEqualTo(10_000_000L);

        Path metrics = dir.resolve("data").resolve("metrics.ndjson");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(metrics) && Files.readString(metrics).contains("\"container_name\":\"" + name + "\""));
        assertThat(agent.isAlive()).isTrue();
    }

    @Test
    void aWrongConfigurationStopsWithFileLineAndKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("agent.yml");
        Files.writeString(config, "http:\n  host: 127.0.0.1\n  prot: 80\n");
        Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "agent", "-c", config.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains(config + ":3: http.prot: unknown key 'prot'");

        Files.writeString(config, "metrics:\n  interval: fast\n");
        p = new ProcessBuilder("java", "-jar", JAR.toString(), "test", "config", "-c", config.toString())
                .redirectErrorStream(true).start();
        output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains(config + ":2: metrics.interval: 'fast' is not a duration");

        Files.writeString(config, "outputs:\n  file: {path: data}\nhttp:\n  port: 1\noutputs:\n  stdout: {}\n");
        assertThat(testConfig(config)).as("a second outputs: block would drop the first")
                .contains(config + ":5: outputs: duplicate key: also set at " + config + ":1");

        Files.write(config, new byte[] {'h', 't', 't', 'p', ':', '\n', ' ', ' ', 'h', 'o', 's', 't', ':', ' ', (byte) 0xe9, '\n'});
        assertThat(testConfig(config)).contains(config + ":2: column 9: invalid UTF-8 (byte 0xE9)");

        Files.writeString(config, "http:\n  port: 5066\n");
        assertThat(testConfig(config)).contains(config + ": outputs: missing from the file: configure at least one output");
    }

    /** {@code wharf test config -c FILE}, which must refuse the file (exit code 2); its output. */
    private static String testConfig(Path config) throws Exception {
        Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "test", "config", "-c", config.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(2);
        return output;
    }

    @Test
    void aPortInUseStopsTheAgentNamingTheAddress(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path config = dir.resolve("agent.yml");
            Files.writeString(config, """
                    agent: {data_dir: %s}
                    logs: {enabled: false}
                    metrics: {enabled: false}
                    http: {port: %d}
                    outputs: {file: {path: %s}}
                    """.formatted(dir.resolve("data"), taken.getLocalPort(), dir.resolve("out")));
            Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "agent", "-c", config.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(output).contains("wharf: HTTP API: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use")
                    .doesNotContain("\tat io.netty");
        }
    }

    private static JsonNode findEvent(Path file, String containerName) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file);
        for (String line : lines) {
            JsonNode node = Json.MAPPER.readTree(line);
            if (containerName.equals(node.at("/container/name").asText())) {
                return node;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
