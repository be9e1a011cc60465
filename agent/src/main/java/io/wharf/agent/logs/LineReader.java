package io.wharf.agent.logs;

import io.wharf.agent.registry.FileIdentity;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads complete lines of one open file from a byte offset, and knows the offset where each line
 * starts and ends. The file stays open by descriptor: a file renamed or deleted while open is still
 * read to its end. A raw line longer than {@code maxRawBytes} is handed over cut to that length, with
 * its true end offset, and flagged.
 */
final class LineReader implements Closeable {
    @FunctionalInterface
    interface LineHandler {
        void line(byte[] buf, int off, int len, long start, long end, boolean cut) throws InterruptedException;
    }

    private final Path path;
    private final FileChannel channel;
    private final FileIdentity identity;
    private final int maxRawBytes;
    private byte[] buf = new byte[64 * 1024];
    private int fill;
    /** File offset of buf[0]: the start of the next line not yet handed over. */
    private long offset;
    private byte[] cutHead;
    private long cutStart;

    private LineReader(Path path, FileChannel channel, FileIdentity identity, long offset, int maxRawBytes) {
        this.path = path;
        this.channel = channel;
        this.identity = identity;
        this.offset = offset;
        this.maxRawBytes = maxRawBytes;
    }

    /** Opens {@code path}; returns null when it is missing or has no complete head yet (see {@link FileIdentity}). */
    static LineReader open(Path path, int maxRawBytes) {
        // The identity's inode is read by path: if the file was renamed (rotated) between that and
        // the open, the descriptor would get another file's inode. Same inode before and after: no race.
        for (int attempt = 0; attempt < 3; attempt++) {
            FileChannel ch = null;
            try {
                long before = ((Number) Files.getAttribute(path, "unix:ino")).longValue();
                ch = FileChannel.open(path);
                FileIdentity id = FileIdentity.of(path, ch);
                if (id == null) {
                    ch.close();
                    return null;
                }
                if (id.inode() == before) {
                    return new LineReader(path, ch, id, 0, maxRawBytes);
                }
                ch.close();
            } catch (IOException e) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // nothing to do
                    }
                }
                return null;
            }
        }
        return null;
    }

    /** A reader on a file held open since it appeared; null while its head is incomplete (the descriptor stays open). */
    static LineReader ofHeld(HeldFile held, int maxRawBytes) throws IOException {
        FileIdentity id = FileIdentity.of(held.device(), held.inode(), held.channel());
        return id == null ? null : new LineReader(held.path(), held.channel(), id, 0, maxRawBytes);
    }

    void seek(long position) {
        offset = position;
        fill = 0;
        cutHead = null;
    }

    Path path() {
        return path;
    }

    FileIdentity identity() {
        return identity;
    }

    /** The offset just past the last line handed over. */
    long offset() {
        return offset;
    }

    long size() throws IOException {
        return channel.size();
    }

    /** Hands over every complete line available now; returns false when nothing new was read. */
    boolean readAvailable(LineHandler handler) throws IOException, InterruptedException {
        boolean progressed = false;
        while (true) {
            if (fill == buf.length) {
                if (buf.length < maxRawBytes) {
                    buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxRawBytes));
                } else {
                    // A line longer than the limit: keep its head, skip the rest up to its newline.
                    if (cutHead == null) {
                        cutHead = Arrays.copyOf(buf, fill);
                        cutStart = offset;
                    }
                    offset += fill;
                    fill = 0;
                }
            }
            int n = channel.read(ByteBuffer.wrap(buf, fill, buf.length - fill), offset + fill);
            if (n <= 0) {
                return progressed;
            }
            progressed = true;
            int scanFrom = fill;
            fill += n;
            int lineStart = 0;
            for (int i = scanFrom; i < fill; i++) {
                if (buf[i] != '\n') {
                    continue;
                }
                long end = offset + i + 1;
                if (cutHead != null) {
                    byte[] head = cutHead;
                    cutHead = null;
                    handler.line(head, 0, head.length, cutStart, end, true);
                } else {
                    handler.line(buf, lineStart, i - lineStart, offset + lineStart, end, false);
                }
                lineStart = i + 1;
            }
            if (lineStart > 0) {
                System.arraycopy(buf, lineStart, buf, 0, fill - lineStart);
                fill -= lineStart;
                offset += lineStart;
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
