package io.wharf.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.async.ResultCallback;
import io.wharf.agent.Agent;
import io.wharf.core.json.Json;
import io.wharf.testkit.TestContainers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Loss that cannot be prevented is reported (issue 13, item 2): while the agent is stopped, a
 * container writes on and Docker rotates away (max-file) the file the registry points into. The
 * restarted agent cannot read what followed the registry's offset in that file; it says so once
 * (WARN with the container and the file), counts the bytes on /metrics and shows them in
 * {@code /api/v1/machine}.
 */
class LogLossIT {
    static final int FIRST = 50;
    /** With max-size=10k, about 137 lines a file: this rotates exactly twice, so the first file is deleted and no other. */
    static final int TOTAL = 350;

    @TempDir
    Path tmp;
    TestContainers containers;
    final HttpClient http = HttpClient.newHttpClient();
    final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

    @BeforeEach
    void setUp() {
        containers = new TestContainers();
        warnings.start();
        ((Logger) LoggerFactory.getLogger(LogLosses.class)).addAppender(warnings);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(LogLosses.class)).detachAppender(warnings);
        containers.close();
    }

    @Test
    void aFileRotatedAwayWhileTheAgentWasDownIsReportedWithTheBytesNotRead() throws Exception {
        AgentHarness harness = new AgentHarness(tmp, containers.runId(), "", "", true);
        // 1..50, then (once told) 51..350 and keep running.
        String script = "seq 1 " + FIRST + "; while [ ! -e /go ]; do usleep 20000; done; seq " + (FIRST + 1) + " " + TOTAL
                + "; exec sleep 3600";
        String id;
        Path live;
        FileChannel first;
        try (Agent agent = harness.start()) {
            id = containers.spec("lost", script).logOpt("max-size", "10k").logOpt("max-file", "2").start();
            live = Path.of("/var/lib/docker/containers", id, id + "-json.log");
            await().atMost(Duration.ofSeconds(30)).until(() -> AgentHarness.of(harness.events(), id).size() == FIRST);
            // Present at 0 before anything is lost.
            assertThat(get(agent, "/metrics")).contains("wharf_log_bytes_lost_total{reason=\"gone_at_restart\"} 0")
                    .contains("wharf_log_files_lost_total{reason=\"gone_at_restart\"} 0");
            assertThat(Json.MAPPER.readTree(get(agent, "/api/v1/machine")).path("log_losses").path("bytes_lost").asLong()).isZero();
            // The test holds the first file too, to know afterwards exactly what was in it.
            first = FileChannel.open(live);
        } // stopped: the registry points at the end of line 50 in the first file
        try (first) {
            exec(id, "sh", "-c", ": > /go");
            long firstInode = (Long) Files.getAttribute(live, "unix:ino");
            // Written to the end, and the first file rotated out (to .1) and deleted (at the next rotation).
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(live).contains("\"log\":\"" + TOTAL + "\\n\"")
                    && (Long) Files.getAttribute(live, "unix:ino") != firstInode
                    && (Long) Files.getAttribute(live.resolveSibling(live.getFileName() + ".1"), "unix:ino") != firstInode);
            String content = read(first);
            long committed = offsetAfterLine(content, FIRST);
            long trulyLost = content.getBytes(StandardCharsets.UTF_8).length - committed;
            int lastInFirst = lastNumber(content);

            try (Agent agent = harness.start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> numbers(harness, id).contains(TOTAL));
                // What a user sees: everything but the rest of the rotated-away file arrived...
                List<Integer> expected = IntStream.rangeClosed(1, TOTAL).filter(n -> n <= FIRST || n > lastInFirst).boxed().toList();
                assertThat(numbers(harness, id)).containsExactlyElementsOf(expected);
                assertThat(lastInFirst).isGreaterThan(FIRST);
                // ... and the agent says how much did not, once.
                String metrics = get(agent, "/metrics");
                long bytes = metricValue(metrics, "wharf_log_bytes_lost_total{reason=\"gone_at_restart\"}");
                assertThat(metricValue(metrics, "wharf_log_files_lost_total{reason=\"gone_at_restart\"}")).isEqualTo(1);
                // Known from the registry's offset and max-size: exact but for the part of the last record past max-size.
                int longestRecord = content.lines().mapToInt(l -> l.length() + 1).max().orElseThrow();
                assertThat(bytes).isBetween(trulyLost - longestRecord, trulyLost);
                JsonNode status = Json.MAPPER.readTree(get(agent, "/api/v1/machine")).path("log_losses");
                assertThat(status.path("files_lost").asLong()).isEqualTo(1);
                assertThat(status.path("bytes_lost").asLong()).isEqualTo(bytes);
                JsonNode loss = status.path("recent").get(0);
                assertThat(loss.path("reason").asText()).isEqualTo("gone_at_restart");
                assertThat(loss.path("source").asText()).contains(containers.name("lost"));
                assertThat(loss.path("file").asText()).isEqualTo(live.toString());
                assertThat(loss.path("offset").asLong()).isEqualTo(committed);
                List<String> warned = warnings.list.stream().filter(e -> e.getLevel() == Level.WARN)
                        .map(ILoggingEvent::getFormattedMessage).toList();
                assertThat(warned).hasSize(1);
                assertThat(warned.get(0)).contains(containers.name("lost")).contains(live.toString()).contains("at least " + bytes + " bytes");
            }
        }
    }

    private static TreeSet<Integer> numbers(AgentHarness harness, String id) {
        TreeSet<Integer> got = new TreeSet<>();
        for (JsonNode e : AgentHarness.of(harness.events(), id)) {
            got.add(Integer.valueOf(e.path("message").asText().trim()));
        }
        return got;
    }

    private String get(Agent agent, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpApi().port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long metricValue(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).map(l -> Long.parseLong(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(series + " not in /metrics"));
    }

    private void exec(String id, String... cmd) throws InterruptedException {
        String exec = containers.docker().execCreateCmd(id).withCmd(cmd).exec().getId();
        containers.docker().execStartCmd(exec).exec(new ResultCallback.Adapter<>()).awaitCompletion();
    }

    /** Everything in the file open on {@code ch} (deleted or not). */
    private static String read(FileChannel ch) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
        while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
            // read all
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    private static long offsetAfterLine(String content, int line) {
        int pos = -1;
        for (int i = 0; i < line; i++) {
            pos = content.indexOf('\n', pos + 1);
        }
        return content.substring(0, pos + 1).getBytes(StandardCharsets.UTF_8).length;
    }

    private static int lastNumber(String content) throws Exception {
        List<String> lines = content.lines().toList();
        return Integer.parseInt(Json.MAPPER.readTree(lines.get(lines.size() - 1)).path("log").asText().trim());
    }
}
