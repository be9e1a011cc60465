package io.wharf.grok;

/**
 * One {@code %{...}} of a grok expression, read as Logstash's grok library reads it:
 * {@code %{NAME}}, {@code %{NAME:field}}, {@code %{NAME:field:type}} and, with an inline
 * definition, {@code %{NAME:field=REGEX}} (the regex may hold balanced braces, {@code \d{3}}).
 * Anything else before the closing brace (a fourth {@code :part}, text after the field name) is
 * ignored, as Logstash ignores it.
 *
 * @param end the index just after the closing brace
 */
record Reference(String name, String field, String type, String definition, int end) {

    /** Reads the reference starting at {@code text[start] == '%'}. */
    static Reference parse(String text, int start, String expression) {
        int n = text.length();
        int i = start + 2;
        int nameStart = i;
        while (i < n && isNameChar(text.charAt(i))) {
            i++;
        }
        String name = text.substring(nameStart, i);
        String field = null;
        String type = null;
        if (i < n && text.charAt(i) == ':') {
            int subStart = ++i;
            while (i < n && isSubnameChar(text.charAt(i))) {
                i++;
            }
            String[] parts = text.substring(subStart, i).split(":", -1);
            field = parts[0].isEmpty() ? null : parts[0];
            type = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
        }
        String definition = null;
        if (i < n && text.charAt(i) == '=') {
            int defStart = ++i;
            int depth = 0;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                }
                i++;
            }
            definition = text.substring(defStart, Math.min(i, n));
        }
        int close = text.indexOf('}', Math.min(i, n));
        if (close < 0 || name.isEmpty()) {
            throw new GrokCompileException(expression, (close < 0 ? "unclosed %{" : "empty pattern name in %{")
                    + " at position " + start + " of '" + text + "'");
        }
        return new Reference(name, field, type, definition, close + 1);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    /** Field references: {@code [a][b]}, {@code a.b}, {@code @metadata}, dashes; the type after a colon. */
    private static boolean isSubnameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '@' || c == '[' || c == ']' || c == ':';
    }
}
