package io.wharf.parser.dirac;

/**
 * DIRAC's timestamps: {@code 2016-05-12 09:41:02 UTC} (up to v8) and
 * {@code 2024-03-05T10:11:12,123456Z} (v9, external libraries), and the {@code asctime} of JSON
 * logs. Converted to ISO-8601 UTC with the fraction the line has, by rearranging characters (no
 * date arithmetic: the input is already UTC).
 */
final class DiracTimestamp {
    private DiracTimestamp() {
    }

    /**
     * The length of the timestamp (with its {@code " UTC"} or {@code "Z"}) at the start of
     * {@code s}, followed by a space; -1 when there is none.
     */
    static int prefixLength(CharSequence s) {
        int n = s.length();
        if (n < 21 || !digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 2) || s.charAt(7) != '-'
                || !digits(s, 8, 2) || (s.charAt(10) != ' ' && s.charAt(10) != 'T') || !digits(s, 11, 2)
                || s.charAt(13) != ':' || !digits(s, 14, 2) || s.charAt(16) != ':' || !digits(s, 17, 2)) {
            return -1;
        }
        int i = 19;
        if (i < n && (s.charAt(i) == ',' || s.charAt(i) == '.')) {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < n && s.charAt(i) == 'Z') {
            i++;
        } else if (i + 4 <= n && s.charAt(i) == ' ' && s.charAt(i + 1) == 'U' && s.charAt(i + 2) == 'T' && s.charAt(i + 3) == 'C') {
            i += 4;
        } else {
            return -1;
        }
        return i < n && s.charAt(i) == ' ' ? i : -1;
    }

    /** ISO-8601 UTC for a DIRAC timestamp or asctime; null when {@code s} is not one. */
    static String toIso(String s) {
        if (s == null || s.length() < 19 || !digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 2)
                || !digits(s, 8, 2) || !digits(s, 11, 2) || !digits(s, 14, 2) || !digits(s, 17, 2)) {
            return null;
        }
        StringBuilder out = new StringBuilder(30);
        out.append(s, 0, 10).append('T').append(s, 11, 19);
        int i = 19;
        if (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == '.')) {
            int j = i + 1;
            while (j < s.length() && Character.isDigit(s.charAt(j))) {
                j++;
            }
            if (j > i + 1) {
                out.append('.').append(s, i + 1, j);
            }
        }
        return out.append('Z').toString();
    }

    private static boolean digits(CharSequence s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
