package io.wharf.grok;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The literal text every match of a regex must contain, found at the top level of the regex
 * (outside groups, classes and alternations): a line that lacks it cannot match, so the regex is
 * not run at all. A literal right after a leading {@code ^} must be at the start of a line, which
 * is cheaper still to check. Conservative: when in doubt (alternation at the top level, inline
 * options), nothing is required and the regex always runs.
 */
final class RequiredLiterals {
    static final RequiredLiterals NONE = new RequiredLiterals(null, null);

    private final byte[] linePrefix;
    private final byte[] newlinePrefix;
    private final byte[] inner;

    private RequiredLiterals(byte[] linePrefix, byte[] inner) {
        this.linePrefix = linePrefix;
        this.inner = inner;
        if (linePrefix != null) {
            newlinePrefix = new byte[linePrefix.length + 1];
            newlinePrefix[0] = '\n';
            System.arraycopy(linePrefix, 0, newlinePrefix, 1, linePrefix.length);
        } else {
            newlinePrefix = null;
        }
    }

    static RequiredLiterals of(String regex) {
        if (regex.contains("(?i") || regex.contains("(?x") || regex.contains("(?m")) {
            return NONE;
        }
        // %{NAME} alone expands to one group around everything: look inside it.
        while ((regex.startsWith("(?:") || (regex.startsWith("(?<") && !regex.startsWith("(?<=") && !regex.startsWith("(?<!")))
                && skipGroup(regex, 0) == regex.length()) {
            int open = regex.startsWith("(?:") ? 3 : regex.indexOf('>') + 1;
            regex = regex.substring(open, regex.length() - 1);
        }
        List<String> literals = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String prefix = null;
        boolean anchored = false;
        int n = regex.length();
        int i = 0;
        boolean atStart = true;
        while (i < n) {
            char c = regex.charAt(i);
            if (c == '|') {
                return NONE;
            }
            if (atStart && c == '^') {
                anchored = true;
                i++;
                atStart = false;
                continue;
            }
            atStart = false;
            if (c == '\\' && i + 1 < n) {
                char e = regex.charAt(i + 1);
                if (!Character.isLetterOrDigit(e) && e < 0x80) {
                    i = literal(regex, i + 2, e, current, literals);
                    continue;
                }
                i += 2;
            } else if (c == '(') {
                int close = skipGroup(regex, i);
                if (prefix == null && anchored && literals.isEmpty() && current.length() > 0) {
                    prefix = current.toString();
                }
                flush(current, literals);
                if (prefix == null) {
                    anchored = false;
                }
                // A group every match goes through (a %{NAME:field} capture, say) requires its literals too.
                String body = mandatoryGroupBody(regex, i, close);
                if (body != null) {
                    collectInner(body, literals);
                }
                i = close;
                continue;
            } else if (c == '[') {
                i = GrokCompiler.skipCharClass(regex, i);
            } else if (c == '.' || c == '$' || c == '^') {
                i++;
            } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')') {
                // a quantifier on a group or class; the group was not counted as literal anyway
                i = skipQuantifier(regex, i);
            } else {
                i = literal(regex, i + 1, c, current, literals);
                continue;
            }
            if (prefix == null && anchored && literals.isEmpty() && current.length() > 0) {
                prefix = current.toString();
            }
            flush(current, literals);
            if (prefix == null) {
                anchored = false;
            }
        }
        if (prefix == null && anchored && literals.isEmpty() && current.length() > 0) {
            prefix = current.toString();
        }
        flush(current, literals);
        String longest = null;
        for (String literal : literals) {
            if (!literal.equals(prefix) && (longest == null || literal.length() > longest.length())) {
                longest = literal;
            }
        }
        if (longest != null && longest.length() < 2) {
            longest = null;
        }
        if (prefix == null && longest == null) {
            return NONE;
        }
        return new RequiredLiterals(prefix == null ? null : prefix.getBytes(StandardCharsets.UTF_8),
                longest == null ? null : longest.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The inside of the group at {@code [open, close)} when every match must go through it: a
     * plain, non-capturing, named or atomic group not made optional by {@code ?}, {@code *} or
     * {@code {n,m}}. Null for lookarounds, inline options and optional groups.
     */
    private static String mandatoryGroupBody(String regex, int open, int close) {
        if (close > regex.length() || close - open < 2 || regex.charAt(close - 1) != ')') {
            return null;
        }
        if (close < regex.length()) {
            char q = regex.charAt(close);
            if (q == '?' || q == '*' || q == '{') {
                return null;
            }
        }
        int start;
        if (regex.charAt(open + 1) != '?') {
            start = open + 1;
        } else if (regex.startsWith("(?:", open) || regex.startsWith("(?>", open)) {
            start = open + 3;
        } else if (regex.startsWith("(?<", open) && !regex.startsWith("(?<=", open) && !regex.startsWith("(?<!", open)) {
            int gt = regex.indexOf('>', open);
            if (gt < 0 || gt >= close) {
                return null;
            }
            start = gt + 1;
        } else {
            return null;
        }
        return regex.substring(start, close - 1);
    }

    /** Adds the literals {@code body} requires (nothing when it has an alternation at its top level). */
    private static void collectInner(String body, List<String> out) {
        List<String> found = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = body.length();
        int i = 0;
        while (i < n) {
            char c = body.charAt(i);
            if (c == '|') {
                return;
            }
            if (c == '\\' && i + 1 < n) {
                char e = body.charAt(i + 1);
                if (!Character.isLetterOrDigit(e) && e < 0x80) {
                    i = literal(body, i + 2, e, current, found);
                    continue;
                }
                i += 2;
            } else if (c == '(') {
                int close = skipGroup(body, i);
                flush(current, found);
                String inner = mandatoryGroupBody(body, i, close);
                if (inner != null) {
                    collectInner(inner, found);
                }
                i = close;
                continue;
            } else if (c == '[') {
                i = GrokCompiler.skipCharClass(body, i);
            } else if (c == '.' || c == '$' || c == '^') {
                i++;
            } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')') {
                i = skipQuantifier(body, i);
            } else {
                i = literal(body, i + 1, c, current, found);
                continue;
            }
            flush(current, found);
        }
        flush(current, found);
        out.addAll(found);
    }

    /** Appends the literal char {@code c}, unless a quantifier after it makes it optional or repeated. */
    private static int literal(String regex, int next, char c, StringBuilder current, List<String> literals) {
        if (next < regex.length()) {
            char q = regex.charAt(next);
            if (q == '*' || q == '?' || (q == '{' && next + 1 < regex.length() && Character.isDigit(regex.charAt(next + 1)))) {
                flush(current, literals);
                return skipQuantifier(regex, next);
            }
            if (q == '+') {
                current.append(c);
                flush(current, literals);
                return skipQuantifier(regex, next);
            }
        }
        current.append(c);
        return next;
    }

    private static void flush(StringBuilder current, List<String> literals) {
        if (current.length() > 0) {
            literals.add(current.toString());
            current.setLength(0);
        }
    }

    private static int skipQuantifier(String regex, int i) {
        int n = regex.length();
        char q = regex.charAt(i);
        if (q == '{') {
            int close = regex.indexOf('}', i);
            i = close < 0 ? n : close + 1;
        } else {
            i++;
        }
        if (i < n && (regex.charAt(i) == '?' || regex.charAt(i) == '+')) {
            i++;
        }
        return i;
    }

    private static int skipGroup(String regex, int start) {
        int depth = 0;
        int i = start;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[') {
                i = GrokCompiler.skipCharClass(regex, i);
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                depth--;
                i++;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** False when the bytes cannot match: a required literal is missing. */
    boolean mayMatch(byte[] b, int start, int end) {
        if (linePrefix != null && !startsWith(b, start, end, linePrefix) && indexOf(b, start, end, newlinePrefix) < 0) {
            return false;
        }
        return inner == null || indexOf(b, start, end, inner) >= 0;
    }

    boolean isEmpty() {
        return linePrefix == null && inner == null;
    }

    @Override
    public String toString() {
        return "prefix=" + (linePrefix == null ? null : new String(linePrefix, StandardCharsets.UTF_8))
                + " inner=" + (inner == null ? null : new String(inner, StandardCharsets.UTF_8));
    }

    private static boolean startsWith(byte[] b, int start, int end, byte[] lit) {
        if (end - start < lit.length) {
            return false;
        }
        for (int k = 0; k < lit.length; k++) {
            if (b[start + k] != lit[k]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, int start, int end, byte[] lit) {
        byte first = lit[0];
        int last = end - lit.length;
        outer:
        for (int i = start; i <= last; i++) {
            if (b[i] != first) {
                continue;
            }
            for (int k = 1; k < lit.length; k++) {
                if (b[i + k] != lit[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
