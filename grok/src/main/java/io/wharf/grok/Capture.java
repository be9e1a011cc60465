package io.wharf.grok;

/**
 * One emitted capture of a compiled pattern: the regex group that holds it, the event field it
 * goes to (dotted path, from {@code a.b} or {@code [a][b]}) and its type.
 */
public record Capture(int group, String field, FieldType type, boolean repeated) {

    /** {@code [a][b]} and {@code a.b} both name the nested field {@code a.b}. */
    static String normaliseField(String name) {
        if (name.startsWith("[") && name.endsWith("]")) {
            return name.substring(1, name.length() - 1).replace("][", ".");
        }
        return name;
    }
}
