package io.wharf.shipper.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.core.config.ByteSize;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.OverflowPolicy;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskBufferTest {
    @TempDir
    Path dir;

    private final SelfMetrics metrics = new SelfMetrics();

    private DiskBuffer open(long maxBytes, OverflowPolicy policy) throws Exception {
        return new DiskBuffer(new DiskBufferConfig(dir.toString(), ByteSize.of(maxBytes), ByteSize.of(4096), "every_write", policy),
                metrics.component("sink.test"));
    }

    private static List<byte[]> records(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> ("event-" + i).getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static List<String> strings(List<byte[]> rs) {
        return rs.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    private static List<String> drain(DiskBuffer b) throws Exception {
        List<String> out = new ArrayList<>();
        List<byte[]> got;
        while (!(got = b.read(100, 0)).isEmpty()) {
            out.addAll(strings(got));
        }
        return out;
    }

    @Test
    void replaysWhatWasNotCommittedAfterARestart() throws Exception {
        try (DiskBuffer b = open(1 << 20, OverflowPolicy.BLOCK)) {
            b.append(records(0, 1000)); // spans several 4 KiB segments
            assertThat(strings(b.read(300, 0))).first().isEqualTo("event-0");
            b.commit();
            b.read(100, 0); // read, never committed: the process dies here
        }
        try (DiskBuffer b = open(1 << 20, OverflowPolicy.BLOCK)) {
            List<String> rest = drain(b);
            assertThat(rest).hasSize(700).first().isEqualTo("event-300");
            assertThat(rest).last().isEqualTo("event-999");
            b.commit();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".seg")).count()).as("finished segments deleted").isEqualTo(1);
        }
    }

    @Test
    void aFlippedByteSkipsThatRecordOnlyAndIsCounted() throws Exception {
        try (DiskBuffer b = open(1 << 20, OverflowPolicy.BLOCK)) {
            b.append(records(0, 10));
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        // record i is 8 header bytes + "event-i" (7 bytes): flip a byte inside the body of record 3
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            long pos = 3 * 15 + 8 + 2;
            f.seek(pos);
            int v = f.read();
            f.seek(pos);
            f.write(v ^ 0x40);
        }
        try (DiskBuffer b = open(1 << 20, OverflowPolicy.BLOCK)) {
            assertThat(drain(b)).containsExactly("event-0", "event-1", "event-2", "event-4", "event-5", "event-6", "event-7",
                    "event-8", "event-9");
        }
        assertThat(metrics.value("wharf_events_dropped_total", "component", "sink.test", "reason", "corrupt")).isEqualTo(1.0);
    }

    @Test
    void whenFullDropOldestDeletesTheOldestSegmentAndCountsIt() throws Exception {
        try (DiskBuffer b = open(3 * 4096, OverflowPolicy.DROP_OLDEST)) {
            b.append(records(0, 2000));
            assertThat(b.bytes()).isLessThanOrEqualTo(3 * 4096 + 4096);
            List<String> left = drain(b);
            assertThat(left).last().isEqualTo("event-1999");
            long dropped = (long) metrics.value("wharf_events_dropped_total", "component", "sink.test", "reason", "disk_buffer_full");
            assertThat(dropped + left.size()).isEqualTo(2000);
            assertThat(dropped).isPositive();
        }
    }

    @Test
    void aCheckpointOfTheOlderTextFormIsReadAndRewrittenInPlaceForm() throws Exception {
        try (DiskBuffer b = open(1 << 20, OverflowPolicy.BLOCK)) {
            b.append(records(0, 10));
        }
        Files.writeString(dir.resolve("checkpoint"), "1 " + 4 * 15 + "\n"); // after record 3, as an older version wrote it
        try (DiskBuffer b = open(1 << 20, OverflowPolicy.BLOCK)) {
            assertThat(drain(b)).first().isEqualTo("event-4");
        }
        assertThat(Files.size(dir.resolve("checkpoint"))).isEqualTo(64);
    }

    @Test
    void aCheckpointSlotTornByACrashFallsBackToThePreviousPosition() throws Exception {
        try (DiskBuffer b = open(1 << 20, OverflowPolicy.BLOCK)) {
            b.append(records(0, 10));
            b.read(2, 0);
            b.commit(); // generation 1, slot 1: after event-1
            b.read(3, 0);
            b.commit(); // generation 2, slot 0: after event-4
        }
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("checkpoint").toFile(), "rw")) {
            f.seek(10); // inside slot 0: its checksum no longer matches
            f.write(0x7f);
        }
        try (DiskBuffer b = open(1 << 20, OverflowPolicy.BLOCK)) {
            assertThat(drain(b)).as("resumes at the older slot: at least once").first().isEqualTo("event-2");
        }
    }
}
