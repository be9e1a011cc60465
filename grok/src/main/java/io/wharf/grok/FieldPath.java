package io.wharf.grok;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dotted field name ({@code client.ip}) split once into its keys, so that writing a value into a
 * nested document costs map lookups only: no substring and no hash computed per event (the key
 * strings keep their cached hash). Same semantics as {@code Fields.put}: missing objects are
 * created, a scalar in the way is replaced.
 */
public final class FieldPath {
    private final String dotted;
    private final String[] keys;

    private FieldPath(String dotted) {
        this.dotted = dotted;
        int parts = 1;
        for (int i = 0; i < dotted.length(); i++) {
            if (dotted.charAt(i) == '.') {
                parts++;
            }
        }
        keys = new String[parts];
        int start = 0;
        for (int k = 0; k < parts; k++) {
            int dot = dotted.indexOf('.', start);
            int end = dot < 0 ? dotted.length() : dot;
            keys[k] = dotted.substring(start, end).intern();
            start = end + 1;
        }
    }

    public static FieldPath of(String dotted) {
        return new FieldPath(dotted);
    }

    @SuppressWarnings("unchecked")
    public void put(Map<String, Object> root, Object value) {
        Map<String, Object> parent = root;
        int last = keys.length - 1;
        for (int k = 0; k < last; k++) {
            Object existing = parent.get(keys[k]);
            if (existing instanceof Map) {
                parent = (Map<String, Object>) existing;
            } else {
                Map<String, Object> created = new LinkedHashMap<>();
                parent.put(keys[k], created);
                parent = created;
            }
        }
        parent.put(keys[last], value);
    }

    /**
     * Logstash's way of adding a capture to an event: a field that does not exist yet (or holds
     * nothing) gets the value; an array gets it appended; a single value becomes an array of the
     * old and the new. An object in the way is left alone, as Logstash leaves it.
     */
    @SuppressWarnings("unchecked")
    public void append(Map<String, Object> root, Object value) {
        Map<String, Object> parent = root;
        int last = keys.length - 1;
        for (int k = 0; k < last; k++) {
            Object existing = parent.get(keys[k]);
            if (existing instanceof Map) {
                parent = (Map<String, Object>) existing;
            } else {
                Map<String, Object> created = new LinkedHashMap<>();
                parent.put(keys[k], created);
                parent = created;
            }
        }
        Object existing = parent.get(keys[last]);
        if (existing == null) {
            parent.put(keys[last], value);
        } else if (existing instanceof List<?> list) {
            List<Object> grown = new ArrayList<>(list.size() + 1);
            grown.addAll(list);
            grown.add(value);
            parent.put(keys[last], grown);
        } else if (!(existing instanceof Map)) {
            List<Object> both = new ArrayList<>(2);
            both.add(existing);
            both.add(value);
            parent.put(keys[last], both);
        }
    }

    /** This path without its first key ({@code @metadata.a.b} gives {@code a.b}); null for a one-key path. */
    public FieldPath tail() {
        int dot = dotted.indexOf('.');
        return dot < 0 ? null : new FieldPath(dotted.substring(dot + 1));
    }

    /** The value at this path, or null. */
    public Object get(Map<String, Object> root) {
        Map<?, ?> parent = parentOf(root);
        return parent == null ? null : parent.get(keys[keys.length - 1]);
    }

    /** Removes and returns the value at this path (empty parent objects are left in place). */
    public Object remove(Map<String, Object> root) {
        Map<?, ?> parent = parentOf(root);
        return parent == null ? null : parent.remove(keys[keys.length - 1]);
    }

    private Map<?, ?> parentOf(Map<String, Object> root) {
        Map<?, ?> parent = root;
        for (int k = 0; k < keys.length - 1; k++) {
            Object child = parent.get(keys[k]);
            if (!(child instanceof Map<?, ?> map)) {
                return null;
            }
            parent = map;
        }
        return parent;
    }

    @Override
    public String toString() {
        return dotted;
    }
}
