package io.wharf.parser.dirac;

import java.nio.charset.StandardCharsets;

/**
 * Reads the prefix of a DIRAC line ({@code DIRAC_PREFIX}: timestamp, logger, [frame], [thread],
 * level and colon) straight from the bytes, without running the regex, for the shapes DIRAC
 * writes. It answers only when it is sure to agree with the regex; anything unusual (a non-ASCII
 * logger, a frame whose first {@code ]} is not its end, an unknown level, a timestamp out of
 * range) returns null and the caller runs the {@code DIRAC_PREFIX} regex, which stays the
 * definition. DiracPrefixTest checks the two agree.
 */
final class DiracPrefix {
    static final String[] LEVELS = {
        "ALWAYS", "NOTICE", "INFO", "VERBOSE", "VERB", "DEBUG", "WARN", "WARNING", "ERROR", "EXCEPT", "FATAL", "CRITICAL",
    };
    private static final byte[][] LEVEL_BYTES = new byte[LEVELS.length][];

    static {
        for (int i = 0; i < LEVELS.length; i++) {
            LEVEL_BYTES[i] = LEVELS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Where each part of the prefix is in the bytes; frame and thread begin at -1 when absent. */
    static final class Spans {
        int timestampEnd;
        int loggerStart;
        int loggerEnd;
        int frameStart = -1;
        int frameEnd;
        int threadStart = -1;
        int threadEnd;
        /** One of {@link #LEVELS} (the same String every time: no string built per line). */
        String level;
        /** Just after the colon that ends the level. */
        int end;
    }

    private DiracPrefix() {
    }

    /** The prefix of {@code b[start, end)}, or null when the regex must decide. */
    static Spans read(byte[] b, int start, int end) {
        int i = timestampEnd(b, start, end);
        if (i < 0 || i >= end || b[i] != ' ') {
            return null;
        }
        Spans s = new Spans();
        s.timestampEnd = i;
        i++;
        s.loggerStart = i;
        byte previous = '/';
        while (i < end && isLoggerByte(b[i])) {
            if (b[i] == '/' && previous == '/') {
                return null;
            }
            previous = b[i];
            i++;
        }
        if (i == s.loggerStart || previous == '/' || i >= end) {
            return null;
        }
        s.loggerEnd = i;
        if (b[i] == '[') {
            int close = bracketEnd(b, i + 1, end);
            if (close < 0) {
                return null;
            }
            s.frameStart = i + 1;
            s.frameEnd = close;
            i = close + 1;
        }
        if (i + 1 < end && b[i] == ' ' && b[i + 1] == '[') {
            int close = bracketEnd(b, i + 2, end);
            if (close < 0) {
                return null;
            }
            s.threadStart = i + 2;
            s.threadEnd = close;
            i = close + 1;
        }
        if (i >= end || b[i] != ' ') {
            return null;
        }
        while (i < end && b[i] == ' ') {
            i++;
        }
        int levelStart = i;
        while (i < end && b[i] >= 'A' && b[i] <= 'Z') {
            i++;
        }
        if (i >= end || b[i] != ':') {
            return null;
        }
        s.level = level(b, levelStart, i);
        if (s.level == null) {
            return null;
        }
        s.end = i + 1;
        return s;
    }

    /**
     * The end of a timestamp that {@code DIRAC_TIMESTAMP} accepts at {@code start}: month 01-12,
     * day 01-31, hour 00-23, minute 00-59, 1 to 9 fraction digits, then {@code " UTC"} or {@code Z}.
     */
    static int timestampEnd(byte[] b, int start, int end) {
        int i = start;
        if (end - i < 20 || !digits(b, i, 4) || b[i + 4] != '-' || b[i + 7] != '-' || (b[i + 10] != ' ' && b[i + 10] != 'T')
                || b[i + 13] != ':' || b[i + 16] != ':' || !digits(b, i + 17, 2)
                || !inRange(b, i + 5, 1, 12) || !inRange(b, i + 8, 1, 31) || !inRange(b, i + 11, 0, 23)
                || !inRange(b, i + 14, 0, 59)) {
            return -1;
        }
        i += 19;
        if (i < end && (b[i] == ',' || b[i] == '.')) {
            int digitsStart = ++i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == digitsStart || i - digitsStart > 9) {
                return -1;
            }
        }
        if (i < end && b[i] == 'Z') {
            return i + 1;
        }
        if (i + 4 <= end && b[i] == ' ' && b[i + 1] == 'U' && b[i + 2] == 'T' && b[i + 3] == 'C') {
            return i + 4;
        }
        return -1;
    }

    /** ISO-8601 UTC ({@code 2016-05-12T09:41:02.123Z}) from a timestamp that {@link #timestampEnd} accepted. */
    static String toIso(byte[] b, int start, int end) {
        byte[] out = new byte[31];
        System.arraycopy(b, start, out, 0, 19);
        out[10] = 'T';
        int n = 19;
        int i = start + 19;
        if (i < end && (b[i] == ',' || b[i] == '.')) {
            out[n++] = '.';
            i++;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                out[n++] = b[i++];
            }
        }
        out[n++] = 'Z';
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static String level(byte[] b, int start, int end) {
        outer:
        for (int k = 0; k < LEVEL_BYTES.length; k++) {
            byte[] level = LEVEL_BYTES[k];
            if (level.length != end - start) {
                continue;
            }
            for (int j = 0; j < level.length; j++) {
                if (b[start + j] != level[j]) {
                    continue outer;
                }
            }
            return LEVELS[k];
        }
        return null;
    }

    /** {@code [\w.\-/]} in ASCII; a byte of a multi-byte character is not (the regex decides those). */
    private static boolean isLoggerByte(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-' || c == '/';
    }

    private static boolean digits(byte[] b, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** Two digits at {@code at} forming a number in [min, max]. */
    private static boolean inRange(byte[] b, int at, int min, int max) {
        if (!digits(b, at, 2)) {
            return false;
        }
        int v = (b[at] - '0') * 10 + (b[at + 1] - '0');
        return v >= min && v <= max;
    }

    /** The first {@code ]}; -1 when there is none or a non-ASCII byte comes first (joni's {@code .} decides those). */
    private static int bracketEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == ']') {
                return i;
            }
            if (b[i] < 0) {
                return -1;
            }
        }
        return -1;
    }
}
