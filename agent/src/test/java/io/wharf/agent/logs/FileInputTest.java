package io.wharf.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wharf.agent.registry.Registry;
import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.BatchSettings;
import io.wharf.core.pipeline.OverflowPolicy;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.core.pipeline.Sink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain and CRI files on the real file system: rename rotation, copytruncate, deletion while open. */
class FileInputTest {
    @TempDir
    Path dir;
    final List<LogEvent> received = new CopyOnWriteArrayList<>();
    volatile long slowSinkMillis;
    Pipeline pipeline;
    Registry registry;
    LogCollector collector;

    @BeforeEach
    void setUp() throws Exception {
        Sink sink = new Sink() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public Set<EventKind> accepts() {
                return Set.of(EventKind.LOG);
            }

            @Override
            public void write(List<Event> batch) throws InterruptedException {
                batch.forEach(e -> received.add((LogEvent) e));
                if (slowSinkMillis > 0) {
                    Thread.sleep(slowSinkMillis); // an output slower than the writer: the reader falls behind
                }
            }
        };
        pipeline = Pipeline.builder(new SelfMetrics()).sink(sink, 1 << 20, OverflowPolicy.BLOCK,
                new BatchSettings(100, 1 << 20, Duration.ofMillis(10), 1)).build();
        pipeline.start();
        registry = Registry.open(dir.resolve("registry"), Duration.ofMillis(100));
    }

    @AfterEach
    void tearDown() {
        if (collector != null) {
            collector.close();
        }
        pipeline.close();
        registry.close();
    }

    void start(String yamlLogs) {
        LogsConfig cfg = ContainerSettingsTest.logs(yamlLogs);
        collector = new LogCollector(cfg, registry, pipeline.publisher(), "test-host");
        collector.start();
    }

    List<String> messages() {
        return received.stream().map(LogEvent::message).toList();
    }

    static void append(Path f, String text) throws Exception {
        Files.writeString(f, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void renameRotationFinishesTheOldFileFirstAndCopytruncateStartsOver() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path f = logs.resolve("app.log");
        append(f, "one\ntwo\n");
        start("logs: {files: [{paths: [\"" + logs + "/*.log\"]}]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received.get(0).getString("log.file.path")).isEqualTo(f.toString());
        assertThat(received.get(0).getString("host.name")).isEqualTo("test-host");
        assertThat(received.get(0).getString("stream")).isNull();

        append(f, "three\n");
        Files.move(f, logs.resolve("app.log.1"));
        append(logs.resolve("app.log.1"), "four (written to the renamed file)\n");
        append(f, "five\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 5);
        assertThat(messages()).containsExactly("one", "two", "three", "four (written to the renamed file)", "five");

        // copytruncate: the file is emptied in place and written again from the start.
        Files.writeString(f, "");
        append(f, "six\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 6);
        assertThat(messages().get(5)).isEqualTo("six");
        assertThat(received.get(5).getString("log.offset")).isEqualTo("0");
    }

    @Test
    void criFilesWithPartialRecordsAndMultiline() throws Exception {
        Path pods = Files.createDirectories(dir.resolve("pods/ns_pod_uid/web"));
        Path f = pods.resolve("0.log");
        append(f, """
                2026-11-21T17:00:00.000000001Z stdout P hello\s
                2026-11-21T17:00:00.000000002Z stderr F an error
                2026-11-21T17:00:00.000000003Z stdout F world
                2026-11-21T17:00:00.000000004Z stderr F   continued
                2026-11-21T17:00:00.000000005Z stderr F another
                """);
        start("logs: {cri: {paths: [\"" + dir + "/pods/*/*/*.log\"], multiline: {continue: \"^\\\\s\", flush_after: 200ms}}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        assertThat(received).extracting(LogEvent::message, e -> e.getString("stream"), e -> e.getString("@timestamp"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("hello world", "stdout", "2026-11-21T17:00:00.000000001Z"),
                        org.assertj.core.groups.Tuple.tuple("an error\n  continued", "stderr", "2026-11-21T17:00:00.000000002Z"),
                        org.assertj.core.groups.Tuple.tuple("another", "stderr", "2026-11-21T17:00:00.000000005Z"));
    }

    @Test
    void aRestartResumesFromTheRegistryWithTheSameIds() throws Exception {
        Path f = dir.resolve("svc.log");
        append(f, "a\nb\n");
        start("logs: {files: [{paths: [\"" + f + "\"]}]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        String idOfB = received.get(1).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.committed(received.get(1).id().replaceAll("-[0-9a-z]+$", "")).orElse(0L) == 4);
        collector.close();
        registry.close();
        append(f, "c\n");
        received.clear();
        registry = Registry.open(dir.resolve("registry"), Duration.ofMillis(100));
        start("logs: {files: [{paths: [\"" + f + "\"]}]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(messages()).containsExactly("c");
        assertThat(received.get(0).id()).isNotEqualTo(idOfB).startsWith(idOfB.substring(0, idOfB.lastIndexOf('-')));
    }

    /**
     * Docker's json-file rotation (max-size, max-file=3: delete .2, rename .1 to .2, the live
     * file to .1, create a new one) done by a writer faster than the output: the reader falls
     * behind by dozens of files, each deleted ~150 ms after it was created, and still every line
     * arrives once, in order (the rotation watcher holds each file as soon as it appears).
     */
    @Test
    void dockerLikeRotationWithTheReaderFarBehindLosesNothing() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("rot"));
        Path f = logs.resolve("app.log");
        int files = 30;
        int perFile = 1000;
        String pad = "x".repeat(90);
        append(f, "");
        slowSinkMillis = 5;
        start("logs: {files: [{paths: [\"" + f + "\"]}]}");
        for (int file = 0; file < files; file++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= perFile; i++) {
                sb.append(file * perFile + i).append(' ').append(pad).append('\n');
            }
            append(f, sb.toString());
            Files.deleteIfExists(logs.resolve("app.log.2"));
            if (Files.exists(logs.resolve("app.log.1"))) {
                Files.move(logs.resolve("app.log.1"), logs.resolve("app.log.2"));
            }
            Files.move(f, logs.resolve("app.log.1"));
            append(f, "");
            Thread.sleep(50); // the writer's pace: one rotation every 50 ms
        }
        int total = files * perFile;
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= total || hasGap());
        List<Integer> got = received.stream().map(e -> Integer.parseInt(e.message().split(" ")[0])).toList();
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).as("the line after %d", i).isEqualTo(i + 1);
        }
        assertThat(got.size()).as("lines received").isEqualTo(total);
    }

    private boolean hasGap() {
        List<LogEvent> now = List.copyOf(received);
        for (int i = 0; i < now.size(); i++) {
            if (Integer.parseInt(now.get(i).message().split(" ")[0]) != i + 1) {
                return true;
            }
        }
        return false;
    }

    static void appendBytes(Path f, byte[]... parts) throws Exception {
        for (byte[] p : parts) {
            Files.write(f, p, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] original(LogEvent e) {
        return java.util.Base64.getDecoder().decode(e.getString("event.original"));
    }

    @Test
    void aLineThatIsNotUtf8IsTaggedAndItsBytesAreKept() throws Exception {
        Path f = dir.resolve("latin1.log");
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9, ' ', 'o', 'k'};
        appendBytes(f, utf8("plain\n"), latin1, utf8("\n"), utf8("a real \uFFFD written by the program\n"));
        start("logs: {files: [{paths: [\"" + f + "\"]}]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        assertThat(received.get(0).hasTag("_invalid_utf8")).isFalse();
        assertThat(received.get(0).getString("event.original")).isNull();
        LogEvent bad = received.get(1);
        assertThat(bad.message()).isEqualTo("caf\uFFFD ok");
        assertThat(bad.hasTag("_invalid_utf8")).isTrue();
        assertThat(original(bad)).as("the bytes as written").isEqualTo(latin1);
        assertThat(received.get(2).hasTag("_invalid_utf8")).as("U+FFFD itself is valid UTF-8").isFalse();
    }

    @Test
    void invalidUtf8InsideAPartialRecordAndAMultilineEventKeepsTheBytesOfTheWholeEvent() throws Exception {
        Path pods = Files.createDirectories(dir.resolve("pods/ns_pod_uid/web"));
        Path f = pods.resolve("0.log");
        appendBytes(f, utf8("2026-11-21T17:00:00.000000001Z stdout P Trace\u00e9 \n"),
                utf8("2026-11-21T17:00:00.000000002Z stdout F x"), new byte[] {(byte) 0xff, (byte) 0xfe}, utf8("y\n"),
                utf8("2026-11-21T17:00:00.000000003Z stdout F   at \u00fcber\n"),
                utf8("2026-11-21T17:00:00.000000004Z stdout F next\n"));
        start("logs: {cri: {paths: [\"" + dir + "/pods/*/*/*.log\"], multiline: {continue: \"^\\\\s\", flush_after: 200ms}}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        LogEvent trace = received.get(0);
        assertThat(trace.message()).isEqualTo("Trace\u00e9 x\uFFFD\uFFFDy\n  at \u00fcber");
        assertThat(trace.hasTag("_invalid_utf8")).isTrue();
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        expected.writeBytes(utf8("Trace\u00e9 x"));
        expected.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe});
        expected.writeBytes(utf8("y\n  at \u00fcber"));
        assertThat(original(trace)).isEqualTo(expected.toByteArray());
        assertThat(received.get(1).hasTag("_invalid_utf8")).isFalse();
    }

    @Test
    void aNegativeOffsetInTheRegistryReadsTheFileFromTheStartInsteadOfStoppingTheReader() throws Exception {
        Path f = dir.resolve("neg.log");
        append(f, "first\nsecond\n");
        String id = io.wharf.agent.registry.FileIdentity.ofPath(f).id();
        registry.close();
        Files.writeString(dir.resolve("registry/registry.json"), "{\"version\":1,\"savedAt\":\"2026-12-01T10:00:00Z\",\"entries\":"
                + "[{\"source\":\"" + id + "\",\"path\":\"" + f + "\",\"offset\":-7,\"updatedMillis\":1}]}");
        registry = Registry.open(dir.resolve("registry"), Duration.ofMillis(100));
        start("logs: {files: [{paths: [\"" + f + "\"]}]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(messages()).containsExactly("first", "second");
        append(f, "third\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
    }
}
