package io.wharf.agent.metrics.cgroup;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the small text files of cgroupfs and procfs: one number, "max", or "key value" lines.
 * Collecting 100 containers every second reads thousands of these files a minute, so they are
 * read through a FileChannel into a per-thread direct buffer (no native buffer allocated per read,
 * as FileInputStream does for reads over 8 KiB) and parsed from the bytes. The files read every
 * second are kept open as {@link OpenFile}s and re-read from offset 0, one pread each.
 */
public final class CgroupFiles {
    private static final int SIZE = 64 * 1024;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[SIZE]);
    private static final ThreadLocal<ByteBuffer> DIRECT = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SIZE));

    private CgroupFiles() {
    }

    /**
     * A file kept open and re-read from offset 0: the kernel generates a cgroupfs or procfs file's
     * text anew for each read from the start (seq_file), so the open, path lookup and close of
     * every read are saved. Opened on first read; closed on error, reopened on the next read.
     */
    public static final class OpenFile implements Closeable {
        private final Path path;
        private FileChannel channel;

        public OpenFile(Path path) {
            this.path = path;
        }

        public Path path() {
            return path;
        }

        /** Reads the whole file into the thread's buffer; the length, or -1 if the file does not exist. */
        int read() throws IOException {
            if (channel == null) {
                try {
                    channel = FileChannel.open(path, StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    return -1;
                }
            }
            try {
                return readFully(channel);
            } catch (IOException e) {
                close(); // e.g. the cgroup was removed (ENODEV): the next read opens it again
                throw e;
            }
        }

        @Override
        public void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing to release
                }
                channel = null;
            }
        }
    }

    /**
     * From offset 0 into the thread's buffer. A pseudo-file's text comes in one read when it fits;
     * reading goes on only while the text does not end with a newline (every cgroupfs and procfs
     * file read here does), which saves the read that would return end-of-file.
     */
    private static int readFully(FileChannel ch) throws IOException {
        ByteBuffer direct = DIRECT.get();
        direct.clear();
        long position = 0;
        int n;
        while ((n = ch.read(direct, position)) > 0) {
            position += n;
            if (!direct.hasRemaining() || direct.get(direct.position() - 1) == '\n') {
                break;
            }
        }
        int len = direct.position();
        direct.flip();
        direct.get(BUFFER.get(), 0, len);
        return len;
    }

    /** Reads a file into the thread's buffer; returns the length, or -1 if the file does not exist. */
    private static int read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readFully(ch);
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /** The number in a one-value file, UNLIMITED for "max", UNKNOWN if the file is absent. */
    static long readLong(Path file) throws IOException {
        return parseOne(read(file));
    }

    /** {@link #readLong(Path)} of a file kept open. */
    static long readLong(OpenFile file) throws IOException {
        return parseOne(file.read());
    }

    private static long parseOne(int len) {
        if (len < 0) {
            return CgroupStats.UNKNOWN;
        }
        byte[] b = BUFFER.get();
        if (len >= 3 && b[0] == 'm' && b[1] == 'a' && b[2] == 'x') {
            return CgroupStats.UNLIMITED;
        }
        return parseLong(b, 0, len);
    }

    /** The file's text, or null if it does not exist. */
    public static String readString(Path file) throws IOException {
        int len = read(file);
        return len < 0 ? null : new String(BUFFER.get(), 0, len, StandardCharsets.US_ASCII);
    }

    /** The text of a file kept open, or null if it does not exist. */
    public static String readString(OpenFile file) throws IOException {
        int len = file.read();
        return len < 0 ? null : new String(BUFFER.get(), 0, len, StandardCharsets.US_ASCII);
    }

    /** Every "key value" line (cpu.stat, memory.stat, memory.events); empty if the file is absent. */
    static Map<String, Long> readKeyValues(Path file) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        int len = read(file);
        byte[] b = BUFFER.get();
        int start = 0;
        while (start < len) {
            int end = indexOf(b, (byte) '\n', start, len);
            int space = indexOf(b, (byte) ' ', start, end);
            if (space > start && space < end) {
                out.put(new String(b, start, space - start, StandardCharsets.US_ASCII), parseLong(b, space + 1, end));
            }
            start = end + 1;
        }
        return out;
    }

    /**
     * Only the values of {@code keys} from a "key value" file, into {@code out} (UNKNOWN where
     * absent), without building a map: the per-second path.
     */
    static void scan(Path file, byte[][] keys, long[] out) throws IOException {
        scan(read(file), keys, out);
    }

    /** {@link #scan(Path, byte[][], long[])} of a file kept open. */
    public static void scan(OpenFile file, byte[][] keys, long[] out) throws IOException {
        scan(file.read(), keys, out);
    }

    private static void scan(int len, byte[][] keys, long[] out) {
        java.util.Arrays.fill(out, CgroupStats.UNKNOWN);
        byte[] b = BUFFER.get();
        int start = 0;
        while (start < len) {
            int end = indexOf(b, (byte) '\n', start, len);
            int space = indexOf(b, (byte) ' ', start, end);
            if (space > start) {
                for (int k = 0; k < keys.length; k++) {
                    if (out[k] == CgroupStats.UNKNOWN && regionEquals(b, start, space, keys[k])) {
                        out[k] = parseLong(b, space + 1, end);
                        break;
                    }
                }
            }
            start = end + 1;
        }
    }

    public static byte[][] keys(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    static List<String> readLines(Path file) throws IOException {
        String s = readString(file);
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String l : s.split("\n")) {
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        return lines;
    }

    static long get(Map<String, Long> map, String key) {
        Long v = map.get(key);
        return v == null ? CgroupStats.UNKNOWN : v;
    }

    private static boolean regionEquals(byte[] b, int from, int to, byte[] key) {
        if (to - from != key.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (b[from + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return to;
    }

    /** A decimal number, surrounding blanks ignored; a negative one (cfs_quota_us -1) kept. */
    private static long parseLong(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            v = v * 10 + (b[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0) {
            throw new NumberFormatException("not a number: " + new String(b, from, to - from, StandardCharsets.US_ASCII));
        }
        return negative ? -v : v;
    }
}
