package io.wharf.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.agent.Agent;
import io.wharf.testkit.TestContainers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent, in process, collecting real containers' json-file logs from the local Docker engine. */
class LogCollectionIT {
    @TempDir
    Path tmp;
    TestContainers containers;
    AgentHarness harness;

    @BeforeEach
    void setUp() throws Exception {
        containers = new TestContainers();
        harness = new AgentHarness(tmp, containers.runId(), "");
    }

    @AfterEach
    void tearDown() {
        containers.close();
    }

    static List<Integer> numbers(List<JsonNode> events) {
        return events.stream().map(e -> Integer.valueOf(e.path("message").asText().trim())).toList();
    }

    static List<Integer> range(int n) {
        return IntStream.rangeClosed(1, n).boxed().toList();
    }

    /** 1..n, pausing {@code pauseMicros} every 20 lines. */
    static String numbered(int n, int pauseMicros) {
        return "sleep 1; i=1; while [ $i -le " + n + " ]; do echo $i; i=$((i+1)); [ $((i % 20)) -eq 0 ] && usleep " + pauseMicros + "; done";
    }

    /**
     * 1..n in bursts of {@code burst} lines ({@code seq}) every {@code pauseMicros} (plus the cost
     * of two forks): the rate is set by the pause, lines within a burst come as fast as the pipe
     * takes them, like a busy service's.
     */
    static String bursts(int n, int burst, int pauseMicros) {
        return "sleep 1; i=0; while [ $i -lt " + n + " ]; do seq $((i+1)) $((i+" + burst + ")); i=$((i+" + burst + ")); usleep "
                + pauseMicros + "; done";
    }

    /**
     * The rotation test's load, set by system properties to measure the limit (see docs/logs.md):
     * {@code wharf.it.rotation.containers}, {@code .lines} (per container), {@code .burst}, {@code .pause_us}.
     */
    @Test
    void everyNumberedLineOnceAndInOrderAcrossFastRotations() throws Exception {
        int n = Integer.getInteger("wharf.it.rotation.containers", 3);
        int lines = Integer.getInteger("wharf.it.rotation.lines", 60_000);
        int burst = Integer.getInteger("wharf.it.rotation.burst", 50);
        int pauseMicros = Integer.getInteger("wharf.it.rotation.pause_us", 10_000);
        try (Agent agent = harness.start()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(containers.spec("seq" + i, bursts(lines, burst, pauseMicros)).logOpt("max-size", "100k").logOpt("max-file", "3").start());
            }
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            // Lines of one container arrive in order: a gap is a loss, no need to wait longer.
                            List<JsonNode> events = harness.events();
                            return events.size() >= n * lines || ids.stream().map(id -> numbers(AgentHarness.of(events, id)))
                                    .anyMatch(got -> !got.isEmpty() && got.get(got.size() - 1) != got.size());
                        });
            } finally {
                List<JsonNode> events = harness.events();
                for (String id : ids) {
                    List<JsonNode> mine = AgentHarness.of(events, id);
                    List<Integer> got = numbers(mine);
                    int gap = 0;
                    while (gap < got.size() && got.get(gap) == gap + 1) {
                        gap++;
                    }
                    System.out.printf("ROTATION container %s: %d of %d lines, last %d, written at %.0f lines/s, %d files%s%n", id.substring(0, 12),
                            got.size(), lines, got.isEmpty() ? 0 : got.get(got.size() - 1), writeRate(mine),
                            AgentHarness.files(mine),
                            gap < got.size() ? ", after " + gap + " comes " + got.get(gap) : "");
                }
            }
            List<JsonNode> events = harness.events();
            for (String id : ids) {
                assertThat(numbers(AgentHarness.of(events, id))).as("container %s", id).isEqualTo(range(lines));
            }
            // Rotation really happened: the lines came from more than one file.
            assertThat(AgentHarness.files(AgentHarness.of(events, ids.get(0)))).isGreaterThan(2);
        }
    }

    /** Lines per second by Docker's own timestamps of the first and last line. */
    static double writeRate(List<JsonNode> events) {
        if (events.size() < 2) {
            return 0;
        }
        java.time.Instant first = java.time.Instant.parse(events.get(0).path("@timestamp").asText());
        java.time.Instant last = java.time.Instant.parse(events.get(events.size() - 1).path("@timestamp").asText());
        double seconds = Duration.between(first, last).toNanos() / 1e9;
        return seconds <= 0 ? 0 : (events.size() - 1) / seconds;
    }

    @Test
    void documentsCarryContainerFieldsStreamAndLongLinesWhole() throws Exception {
        String script = "echo to-out; echo to-err >&2; head -c 100000 /dev/zero | tr '\\0' 'a'; echo; echo last";
        try (Agent agent = harness.start()) {
            String id = containers.spec("fields", script).label("com.example.team", "grid").start();
            await().atMost(Duration.ofSeconds(30)).until(() -> AgentHarness.of(harness.events(), id).size() >= 4);
            List<JsonNode> events = AgentHarness.of(harness.events(), id);
            assertThat(events).hasSize(4);
            JsonNode out = events.stream().filter(e -> e.path("message").asText().equals("to-out")).findFirst().orElseThrow();
            JsonNode err = events.stream().filter(e -> e.path("message").asText().equals("to-err")).findFirst().orElseThrow();
            assertThat(out.path("stream").asText()).isEqualTo("stdout");
            assertThat(err.path("stream").asText()).isEqualTo("stderr");
            assertThat(out.path("container").path("name").asText()).isEqualTo(containers.name("fields"));
            assertThat(out.path("container").path("image").path("name").asText()).isEqualTo("local/busybox:1");
            assertThat(out.path("container").path("labels").path("com_example_team").asText()).isEqualTo("grid");
            assertThat(out.path("host").path("name").asText()).isEqualTo("it-host");
            assertThat(out.path("service").path("name").asText()).isEqualTo(containers.name("fields"));
            assertThat(out.path("@timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
            assertThat(out.path("log").path("file").path("path").asText()).endsWith(id + "-json.log");
            // Docker copies stdout and stderr on separate goroutines: order holds within a stream only.
            List<JsonNode> stdout = events.stream().filter(e -> e.path("stream").asText().equals("stdout")).toList();
            assertThat(stdout).extracting(e -> e.path("message").asText().length() > 20 ? "<big>" : e.path("message").asText())
                    .containsExactly("to-out", "<big>", "last");
            JsonNode big = stdout.get(1);
            assertThat(big.path("message").asText()).hasSize(100_000).matches("a+");
            assertThat(big.path("tags").isMissingNode()).isTrue();
        }
    }

    @Test
    void aTracebackIsOneEventAndStreamsDoNotMix() throws Exception {
        String script = "echo '2026-01-01 10:00:00 UTC Framework/Web ERROR: failed'; "
                + "echo 'Traceback (most recent call last):'; "
                + "echo '2026-01-01 10:00:00 UTC Framework/Web WARN: on stderr' >&2; "
                + "echo '  File \"/opt/dirac/x.py\", line 3, in f'; "
                + "echo 'ValueError: bad'; "
                + "echo '2026-01-01 10:00:01 UTC Framework/Web INFO: next'";
        try (Agent agent = harness.start()) {
            String id = containers.spec("tb", script).label("wharf.multiline.start", "^[0-9]{4}-").label("wharf.multiline.flush_after", "500ms").start();
            await().atMost(Duration.ofSeconds(30)).until(() -> AgentHarness.of(harness.events(), id).size() >= 3);
            List<JsonNode> events = AgentHarness.of(harness.events(), id);
            assertThat(events).hasSize(3);
            JsonNode tb = events.stream().filter(e -> e.path("message").asText().contains("Traceback")).findFirst().orElseThrow();
            assertThat(tb.path("message").asText()).isEqualTo("2026-01-01 10:00:00 UTC Framework/Web ERROR: failed\n"
                    + "Traceback (most recent call last):\n  File \"/opt/dirac/x.py\", line 3, in f\nValueError: bad");
            assertThat(tb.path("stream").asText()).isEqualTo("stdout");
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("message").asText()).isEqualTo("2026-01-01 10:00:00 UTC Framework/Web WARN: on stderr");
                assertThat(e.path("stream").asText()).isEqualTo("stderr");
            });
        }
    }

    @Test
    void aContainerThatLivedAndDiedWhileTheAgentWasStoppedIsCollected() throws Exception {
        try (Agent agent = harness.start()) {
            String first = containers.spec("before", "seq 1 100").start();
            await().atMost(Duration.ofSeconds(30)).until(() -> AgentHarness.of(harness.events(), first).size() >= 100);
        }
        String whileDown = containers.spec("whiledown", "seq 1 500").logOpt("max-size", "10k").logOpt("max-file", "5").start();
        await().atMost(Duration.ofSeconds(30)).until(() -> containers.exited(whileDown));
        try (Agent agent = harness.start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> AgentHarness.of(harness.events(), whileDown).size() >= 500);
            assertThat(numbers(AgentHarness.of(harness.events(), whileDown))).isEqualTo(range(500));
        }
        // Nothing of the first container was sent again after the restart.
        List<JsonNode> events = harness.events();
        assertThat(events).hasSize(600);
    }
}
