package io.wharf.shipper.buffer;

import io.wharf.core.metrics.ComponentMetrics;
import io.wharf.core.pipeline.OverflowPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only queue of records on disk: segment files {@code <seq>.seg} holding
 * {@code [length:int][crc32c:int][bytes]} records, and a {@code checkpoint} file with the read
 * position, written atomically after the consumer committed. After a restart, reading resumes at
 * the checkpoint (records read but not committed are read again: at-least-once). A record whose
 * checksum does not match is skipped and counted ({@code dropped{reason=corrupt}}); an impossible
 * length skips the rest of its segment. The total size is capped: when full, {@code block} waits
 * for the reader, {@code drop_oldest} deletes the oldest segment and counts its records.
 */
public final class DiskBuffer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskBuffer.class);
    private static final int HEADER = 8;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final String fsync;
    private final OverflowPolicy whenFull;
    private final ComponentMetrics metrics;
    private final TreeMap<Long, Long> segments = new TreeMap<>(); // seq -> size
    private FileChannel writer;
    private long writeSeq;
    private long readSeq;
    private long readPos;
    private long pendingSeq;
    private long pendingPos;
    private long lastSync = System.nanoTime();
    private boolean closed;

    public DiskBuffer(DiskBufferConfig c, ComponentMetrics metrics) throws IOException {
        this.dir = Path.of(c.path());
        this.maxBytes = c.maxBytes().bytes();
        this.segmentBytes = c.segmentBytes().bytes();
        this.fsync = c.fsync();
        this.whenFull = c.whenFull();
        this.metrics = metrics;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".seg")) {
                    segments.put(Long.parseLong(n.substring(0, n.length() - 4)), Files.size(p));
                }
            }
        }
        Path checkpoint = dir.resolve("checkpoint");
        if (Files.exists(checkpoint)) {
            String[] parts = Files.readString(checkpoint).trim().split(" ");
            readSeq = Long.parseLong(parts[0]);
            readPos = Long.parseLong(parts[1]);
        } else {
            readSeq = segments.isEmpty() ? 1 : segments.firstKey();
        }
        if (!segments.isEmpty() && readSeq < segments.firstKey()) {
            readSeq = segments.firstKey();
            readPos = 0;
        }
        writeSeq = segments.isEmpty() ? Math.max(1, readSeq) : segments.lastKey();
        openWriter();
        pendingSeq = readSeq;
        pendingPos = readPos;
        metrics.registry().gauge("wharf_disk_buffer_bytes", "Bytes held by a disk buffer", this::bytes, "buffer", dir.toString());
    }

    private Path segment(long seq) {
        return dir.resolve(String.format("%020d.seg", seq));
    }

    private void openWriter() throws IOException {
        writer = FileChannel.open(segment(writeSeq), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segments.putIfAbsent(writeSeq, writer.size());
    }

    public synchronized long bytes() {
        return segments.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Appends records (one batch), forced to disk per the fsync policy before returning. */
    public synchronized void append(List<byte[]> records) throws IOException, InterruptedException {
        for (byte[] r : records) {
            long need = HEADER + r.length;
            while (bytes() + need > maxBytes && !closed) {
                if (whenFull == OverflowPolicy.DROP_OLDEST && segments.size() > 1 && segments.firstKey() != writeSeq) {
                    dropOldest();
                } else if (whenFull == OverflowPolicy.BLOCK) {
                    wait(1000);
                } else {
                    break; // a single segment larger than the cap: accept rather than lose
                }
            }
            if (segments.get(writeSeq) >= segmentBytes) {
                writer.force(false);
                writer.close();
                writeSeq++;
                openWriter();
            }
            ByteBuffer buf = ByteBuffer.allocate(HEADER + r.length);
            CRC32C crc = new CRC32C();
            crc.update(r);
            buf.putInt(r.length).putInt((int) crc.getValue()).put(r).flip();
            while (buf.hasRemaining()) {
                writer.write(buf);
            }
            segments.merge(writeSeq, need, Long::sum);
        }
        if (fsync.equals("every_write") || (fsync.equals("interval") && System.nanoTime() - lastSync > 1_000_000_000L)) {
            writer.force(false);
            lastSync = System.nanoTime();
        }
        notifyAll();
    }

    private void dropOldest() throws IOException {
        long seq = segments.firstKey();
        long start = seq == readSeq ? readPos : 0;
        int lost = countRecords(seq, start);
        Files.deleteIfExists(segment(seq));
        segments.remove(seq);
        metrics.dropped("disk_buffer_full").add(lost);
        LOG.warn("disk buffer {} full: dropped the oldest segment ({} events)", dir, lost);
        if (readSeq <= seq) {
            readSeq = segments.firstKey();
            readPos = 0;
            pendingSeq = readSeq;
            pendingPos = 0;
            writeCheckpoint();
        }
    }

    private int countRecords(long seq, long from) throws IOException {
        int n = 0;
        try (FileChannel ch = FileChannel.open(segment(seq), StandardOpenOption.READ)) {
            long pos = from;
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            while (ch.read(h.clear(), pos) == HEADER) {
                pos += HEADER + h.getInt(0);
                n++;
            }
        }
        return n;
    }

    /**
     * Up to {@code max} records from the read position, waiting up to {@code waitMillis} for the
     * first. They stay on disk until {@link #commit()}.
     */
    public synchronized List<byte[]> read(int max, long waitMillis) throws IOException, InterruptedException {
        List<byte[]> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + waitMillis;
        while (out.isEmpty() && !closed) {
            readInto(out, max);
            if (out.isEmpty()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
        }
        return out;
    }

    private void readInto(List<byte[]> out, int max) throws IOException {
        while (out.size() < max) {
            Long size = segments.get(pendingSeq);
            if (size == null) {
                Long next = segments.higherKey(pendingSeq);
                if (next == null) {
                    return;
                }
                pendingSeq = next;
                pendingPos = 0;
                continue;
            }
            if (pendingPos >= size) {
                if (pendingSeq == writeSeq) {
                    return;
                }
                pendingSeq++;
                pendingPos = 0;
                continue;
            }
            try (FileChannel ch = FileChannel.open(segment(pendingSeq), StandardOpenOption.READ)) {
                while (out.size() < max && pendingPos < size) {
                    ByteBuffer h = ByteBuffer.allocate(HEADER);
                    if (ch.read(h, pendingPos) < HEADER) {
                        break;
                    }
                    int len = h.getInt(0);
                    int expected = h.getInt(4);
                    if (len < 0 || pendingPos + HEADER + len > size) {
                        metrics.dropped("corrupt").inc();
                        LOG.error("disk buffer {}: impossible record length {} at {}:{}; skipping the rest of the segment",
                                dir, len, pendingSeq, pendingPos);
                        pendingPos = size;
                        break;
                    }
                    ByteBuffer body = ByteBuffer.allocate(len);
                    ch.read(body, pendingPos + HEADER);
                    CRC32C crc = new CRC32C();
                    crc.update(body.array());
                    pendingPos += HEADER + len;
                    if ((int) crc.getValue() != expected) {
                        metrics.dropped("corrupt").inc();
                        LOG.error("disk buffer {}: checksum mismatch in segment {}; record skipped", dir, pendingSeq);
                        continue;
                    }
                    out.add(body.array());
                }
            }
        }
    }

    /** Marks everything read so far as delivered: persists the position and deletes finished segments. */
    public synchronized void commit() throws IOException {
        readSeq = pendingSeq;
        readPos = pendingPos;
        writeCheckpoint();
        while (!segments.isEmpty() && segments.firstKey() < readSeq) {
            Files.deleteIfExists(segment(segments.firstKey()));
            segments.remove(segments.firstKey());
        }
        notifyAll();
    }

    private void writeCheckpoint() throws IOException {
        Path tmp = dir.resolve("checkpoint.tmp");
        Files.writeString(tmp, readSeq + " " + readPos + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("checkpoint"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        notifyAll();
        writer.force(false);
        writer.close();
    }
}
