package io.wharf.bench.grok;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Proves the comparison is honest: on the corpus, the three parsers must extract the same fields
 * with the same values. wharf's DIRAC parser writes finished ECS fields (nested maps, ISO
 * timestamp, duration in ns); the grok peers give the raw captures of the same patterns (flat
 * dotted names). Here the raw captures are turned into what they mean, the way an ingest pipeline
 * after the grok step would, only for the check: the measured loop does none of this for the
 * peers, while wharf's parser does all of it.
 */
public final class SameFields {
    private SameFields() {
    }

    /** The fields of every line, one list entry per difference found (empty: all agree). */
    public static List<String> differences(List<String> lines, LineParser reference, LineParser... others) {
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            Map<String, Object> expected = fromWharf(reference.parse(line));
            for (LineParser other : others) {
                Map<String, Object> actual = fromGrokCaptures(other.parse(line));
                if (!Objects.equals(expected, actual)) {
                    problems.add(other.name() + " differs from " + reference.name() + " on: " + line
                            + "\n  " + reference.name() + ": " + expected + "\n  " + other.name() + ": " + actual);
                }
            }
        }
        return problems;
    }

    /** Throws when any line differs (at most 3 shown); used in the benchmark's setup. */
    public static void check(List<String> lines, LineParser reference, LineParser... others) {
        List<String> problems = differences(lines, reference, others);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.size() + " lines parse differently, e.g.:\n"
                    + String.join("\n", problems.subList(0, Math.min(3, problems.size()))));
        }
    }

    /** wharf's event fields, flattened to dotted names; the request kind is wharf's own addition. */
    static Map<String, Object> fromWharf(Map<String, Object> fields) {
        if (fields == null) {
            return null;
        }
        Map<String, Object> flat = new TreeMap<>();
        flatten("", fields, flat);
        flat.remove("dirac.request.kind");
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) {
                flatten(key + ".", (Map<String, Object>) nested, out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }

    /** Raw grok captures as the fields they stand for (ECS names, ISO timestamp, duration in ns). */
    static Map<String, Object> fromGrokCaptures(Map<String, Object> captures) {
        if (captures == null) {
            return null;
        }
        // wharf's grok writes nested objects, the peers flat dotted names: same thing once flattened.
        Map<String, Object> flat = new TreeMap<>();
        flatten("", captures, flat);
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            Object value = alternatives(e.getValue());
            if (value == null || "".equals(value)) {
                continue;
            }
            switch (e.getKey()) {
                case "dirac.timestamp" -> out.put("@timestamp", iso(value.toString()));
                case "dirac.logger" -> {
                    String logger = value.toString();
                    int first = logger.indexOf('/');
                    int second = first < 0 ? -1 : logger.indexOf('/', first + 1);
                    out.put("dirac.component", second < 0 ? logger : logger.substring(0, second));
                    if (second >= 0) {
                        out.put("dirac.sublogger", logger.substring(second + 1));
                    }
                }
                case "dirac.frame", "dirac.thread" -> out.put("dirac.thread", value);
                case "dirac.request.seconds" -> out.put("event.duration", Math.round(((Number) value).doubleValue() * 1e9));
                default -> out.put(e.getKey(), value);
            }
        }
        if ("hosts".equals(out.get("user.group"))) {
            out.put("dirac.host", out.remove("user.name"));
            out.remove("user.group");
        }
        return out;
    }

    /**
     * java-grok gives a name captured by several alternatives ({@code client.ip}: IPv6, IPv4,
     * host name) as a list with a null for each alternative that did not take part.
     */
    private static Object alternatives(Object value) {
        if (!(value instanceof List<?> list)) {
            return value;
        }
        List<Object> present = new ArrayList<>();
        for (Object v : list) {
            if (v != null) {
                present.add(v);
            }
        }
        return present.isEmpty() ? null : present.size() == 1 ? present.get(0) : present;
    }

    /** {@code 2016-05-12 09:41:02 UTC} or {@code 2024-03-05T10:11:12,123456Z} as ISO-8601 UTC. */
    private static String iso(String t) {
        StringBuilder out = new StringBuilder(t.substring(0, 10)).append('T').append(t, 11, 19);
        if (t.length() > 19 && (t.charAt(19) == ',' || t.charAt(19) == '.')) {
            int end = t.indexOf('Z', 20);
            out.append('.').append(t, 20, end < 0 ? t.length() : end);
        }
        return out.append('Z').toString();
    }
}
