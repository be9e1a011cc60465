package io.wharf.core.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes nested documents by dotted path ({@code log.level} is {@code {"log":{"level":..}}}),
 * the shape Elasticsearch and ECS expect. Keys that contain dots themselves (Docker label names)
 * must be stored under a parent with {@link #putRaw}.
 */
public final class Fields {
    private Fields() {
    }

    @SuppressWarnings("unchecked")
    public static Object get(Map<String, Object> root, String path) {
        Object current = root;
        int start = 0;
        while (true) {
            if (!(current instanceof Map)) {
                return null;
            }
            int dot = path.indexOf('.', start);
            String key = dot < 0 ? path.substring(start) : path.substring(start, dot);
            current = ((Map<String, Object>) current).get(key);
            if (dot < 0) {
                return current;
            }
            start = dot + 1;
        }
    }

    /** Sets the value at a dotted path, creating intermediate objects; a scalar in the way is replaced. */
    public static void put(Map<String, Object> root, String path, Object value) {
        Map<String, Object> parent = root;
        int start = 0;
        int dot;
        while ((dot = path.indexOf('.', start)) >= 0) {
            parent = child(parent, path.substring(start, dot));
            start = dot + 1;
        }
        parent.put(path.substring(start), value);
    }

    /** Sets {@code key} verbatim (dots and all) under the object at {@code parentPath}. */
    public static void putRaw(Map<String, Object> root, String parentPath, String key, Object value) {
        Map<String, Object> parent = root;
        for (String part : parentPath.split("\\.")) {
            parent = child(parent, part);
        }
        parent.put(key, value);
    }

    public static Object remove(Map<String, Object> root, String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0) {
            return root.remove(path);
        }
        Object parent = get(root, path.substring(0, dot));
        if (parent instanceof Map<?, ?> map) {
            return map.remove(path.substring(dot + 1));
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object existing = parent.get(key);
        if (existing instanceof Map) {
            return (Map<String, Object>) existing;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        parent.put(key, created);
        return created;
    }

    /** A rough count of the bytes a nested document holds, for queue accounting. */
    public static long estimateBytes(Object value) {
        if (value == null) {
            return 8;
        }
        if (value instanceof CharSequence s) {
            return 40L + 2L * s.length();
        }
        if (value instanceof Map<?, ?> map) {
            long total = 64;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                total += 32 + estimateBytes(e.getKey()) + estimateBytes(e.getValue());
            }
            return total;
        }
        if (value instanceof List<?> list) {
            long total = 40;
            for (Object o : list) {
                total += 8 + estimateBytes(o);
            }
            return total;
        }
        if (value instanceof byte[] bytes) {
            return 16L + bytes.length;
        }
        return 24;
    }
}
