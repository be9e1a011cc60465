package io.wharf.agent.metrics.cgroup;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the small text files of cgroupfs and procfs: one number, "max", or "key value" lines.
 * Collecting 100 containers every second reads thousands of these files a minute, so they are
 * read with a plain FileInputStream into a per-thread buffer and parsed from the bytes (about
 * a quarter of the CPU of {@code Files.readString} on these pseudo-files).
 */
public final class CgroupFiles {
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    private CgroupFiles() {
    }

    /** Reads a file into the thread's buffer; returns the length, or -1 if the file does not exist. */
    private static int read(Path file) throws IOException {
        byte[] buf = BUFFER.get();
        try (FileInputStream in = new FileInputStream(file.toString())) {
            int len = 0;
            int n;
            while (len < buf.length && (n = in.read(buf, len, buf.length - len)) > 0) {
                len += n;
            }
            return len;
        } catch (FileNotFoundException e) {
            return -1;
        }
    }

    /** The number in a one-value file, UNLIMITED for "max", UNKNOWN if the file is absent. */
    static long readLong(Path file) throws IOException {
        int len = read(file);
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
        java.util.Arrays.fill(out, CgroupStats.UNKNOWN);
        int len = read(file);
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

    static byte[][] keys(String... names) {
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
