package io.wharf.agent.metrics.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the small text files of cgroupfs: one number, "max", or "key value" lines. */
final class CgroupFiles {
    private CgroupFiles() {
    }

    /** The number in a one-value file, UNLIMITED for "max", UNKNOWN if the file is absent. */
    static long readLong(Path file) throws IOException {
        String s = readString(file);
        if (s == null) {
            return CgroupStats.UNKNOWN;
        }
        s = s.trim();
        if (s.equals("max")) {
            return CgroupStats.UNLIMITED;
        }
        return Long.parseLong(s);
    }

    /** The file's text, or null if it does not exist. */
    static String readString(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** "key value" lines (cpu.stat, memory.stat, memory.events); empty if the file is absent. */
    static Map<String, Long> readKeyValues(Path file) throws IOException {
        String s = readString(file);
        Map<String, Long> out = new LinkedHashMap<>();
        if (s == null) {
            return out;
        }
        int start = 0;
        int len = s.length();
        while (start < len) {
            int end = s.indexOf('\n', start);
            if (end < 0) {
                end = len;
            }
            int space = s.indexOf(' ', start);
            if (space > start && space < end) {
                try {
                    out.put(s.substring(start, space), Long.parseLong(s.substring(space + 1, end).trim()));
                } catch (NumberFormatException e) {
                    // a value that is not a number (none in the files we read): skipped
                }
            }
            start = end + 1;
        }
        return out;
    }

    static List<String> readLines(Path file) throws IOException {
        try {
            return Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    static long get(Map<String, Long> map, String key) {
        Long v = map.get(key);
        return v == null ? CgroupStats.UNKNOWN : v;
    }
}
