package io.wharf.grok;

/**
 * One emitted capture of a compiled pattern: the regex group that holds it, the event field it
 * goes to (dotted path, from {@code a.b} or {@code [a][b]}), its type, and whether another capture
 * of the same pattern goes to the same field.
 */
public record Capture(int group, String field, FieldType type, boolean repeated) {
    /** Fields under it are for later steps (routing, index names) and never written to a document. */
    public static final String METADATA = "@metadata";

    /** {@code [a][b]} and {@code a.b} both name the nested field {@code a.b}; {@code [a]} is {@code a}. */
    static String normaliseField(String name) {
        if (name.startsWith("[") && name.endsWith("]")) {
            return name.substring(1, name.length() - 1).replace("][", ".");
        }
        return name;
    }

    /** Whether the capture goes under {@code [@metadata]}. */
    public boolean metadata() {
        return field.startsWith(METADATA + ".");
    }
}
