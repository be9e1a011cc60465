package io.wharf.shipper.buffer;

import io.wharf.core.metrics.ComponentMetrics;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.OverflowPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *
 * <p>A full file system is the same as a full buffer, and never a dead end: a record that does not
 * fit is cut off again (no torn record stays behind), the buffer says so (WARN, then every
 * {@value #FULL_REMINDER_SECONDS} s while it lasts; {@code wharf_disk_buffer_no_space_total},
 * {@code wharf_disk_buffer_disk_full}) and waits for the replay to free delivered segments
 * ({@code drop_oldest} drops the oldest instead). The replay needs no free space to make
 * progress: the checkpoint is overwritten in place ({@link Checkpoint}), delivered segments are
 * deleted before it is saved, and a drained segment being written is replaced by an empty one.
 */
public final class DiskBuffer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskBuffer.class);
    private static final int HEADER = 8;
    private static final long FULL_REMINDER_SECONDS = 30;

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
    private final Checkpoint checkpoint;
    private final SelfMetrics.Counter noSpace;
    private volatile boolean diskFull;
    private long diskFullSince;
    private long lastFullWarning;
    private boolean warned;

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
        checkpoint = Checkpoint.open(dir.resolve("checkpoint"), !fsync.equals("never"));
        Checkpoint.Position saved = checkpoint.loaded();
        if (saved != null) {
            readSeq = saved.segment();
            readPos = saved.offset();
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
        metrics.registry().gauge("wharf_disk_buffer_disk_full", "1 while a disk buffer's file system has no space for its writes",
                () -> diskFull ? 1 : 0, "buffer", dir.toString());
        noSpace = metrics.registry().counter("wharf_disk_buffer_no_space_total",
                "Writes of a disk buffer refused by its file system for lack of space (retried)", "buffer", dir.toString());
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
            writeRecord(buf);
            segments.merge(writeSeq, need, Long::sum);
        }
        while (true) {
            try {
                if (fsync.equals("every_write") || (fsync.equals("interval") && System.nanoTime() - lastSync > 1_000_000_000L)) {
                    writer.force(false);
                    lastSync = System.nanoTime();
                }
                break;
            } catch (IOException e) {
                awaitSpace(e); // a file system may only find out at fsync that the data does not fit
            }
        }
        spaceAgain();
        notifyAll();
    }

    /** Writes one record at the end of the write segment; on a full file system, waits for space (see the class comment). */
    private void writeRecord(ByteBuffer record) throws IOException, InterruptedException {
        while (true) {
            long before = segments.get(writeSeq);
            try {
                while (record.hasRemaining()) {
                    writer.write(record);
                }
                return;
            } catch (IOException e) {
                writer.truncate(before); // what did fit of the record is cut off: the segment stays well-formed
                record.rewind();
                awaitSpace(e);
            }
        }
    }

    /** Handles a write the file system refused: rethrows anything but "no space", else frees what it can or waits. */
    private void awaitSpace(IOException e) throws IOException, InterruptedException {
        if (!isNoSpace(e) || closed) {
            throw e;
        }
        noSpace.inc();
        long now = System.nanoTime();
        boolean quiet = lastFullWarning != 0 && now - lastFullWarning < FULL_REMINDER_SECONDS * 1_000_000_000L;
        if (!diskFull) {
            diskFull = true;
            diskFullSince = now;
        }
        if (!quiet) { // while a draining buffer frees and fills space batch by batch, one warning per period
            lastFullWarning = now;
            warned = true;
            LOG.warn("disk buffer {}: the file system is full ({}), for {} s; holding the sources back until the output takes "
                    + "buffered events and their segments are freed ({} bytes buffered)", dir, e.getMessage(),
                    (now - diskFullSince) / 1_000_000_000L, bytes());
        }
        if (replaceDrainedWriteSegment()) {
            return;
        }
        if (whenFull == OverflowPolicy.DROP_OLDEST && segments.size() > 1) {
            dropOldest();
            return;
        }
        wait(500); // commit() notifies when it frees a segment
    }

    private void spaceAgain() {
        if (diskFull) {
            diskFull = false;
            if (warned) {
                warned = false;
                LOG.info("disk buffer {}: space again after {} s; writing resumed", dir, (System.nanoTime() - diskFullSince) / 1_000_000_000L);
            }
        }
    }

    private static boolean isNoSpace(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left on device") || m.contains("Disk quota exceeded");
    }

    /**
     * The segment being written, once everything in it is delivered, holds space for nothing: it
     * is replaced by an empty one. True if that freed space.
     */
    private boolean replaceDrainedWriteSegment() throws IOException {
        long size = segments.get(writeSeq);
        boolean drained = readSeq == writeSeq && readPos >= size && pendingSeq == readSeq && pendingPos == readPos;
        if (!drained || size == 0) {
            return false;
        }
        writer.close();
        Files.deleteIfExists(segment(writeSeq));
        segments.remove(writeSeq);
        writeSeq++;
        openWriter();
        readSeq = pendingSeq = writeSeq;
        readPos = pendingPos = 0;
        saveCheckpoint();
        return true;
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
            saveCheckpoint();
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
        // Delivered segments go first: that frees space, and a crash before the checkpoint below
        // is harmless (a checkpoint before the first segment left resumes at that segment).
        while (!segments.isEmpty() && segments.firstKey() < readSeq) {
            Files.deleteIfExists(segment(segments.firstKey()));
            segments.remove(segments.firstKey());
        }
        notifyAll();
        saveCheckpoint();
    }

    /**
     * Saves the read position. If the file system refuses even that, the position is kept in
     * memory and saved with the next commit: the replay goes on (after a crash meanwhile, the
     * events since the last saved position are sent again, which {@code _id}s make harmless).
     */
    private void saveCheckpoint() {
        try {
            checkpoint.save(new Checkpoint.Position(readSeq, readPos));
        } catch (IOException e) {
            LOG.warn("disk buffer {}: cannot save the checkpoint ({}); the replay goes on and saves it with the next batch", dir,
                    e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        notifyAll();
        try {
            writer.force(false);
        } finally {
            writer.close();
            checkpoint.close();
        }
    }
}
