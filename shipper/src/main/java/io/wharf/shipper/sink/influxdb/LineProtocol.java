package io.wharf.shipper.sink.influxdb;

import io.wharf.core.event.MetricPoint;
import java.util.Map;

/**
 * InfluxDB line protocol: {@code measurement,tag=v field=1i,f2=2.5,s="x" <timestamp>}.
 * Escaping, per InfluxDB's reference: measurement escapes comma and space; tag keys, tag values
 * and field keys escape comma, equals sign and space; string field values escape double quote
 * and backslash. Integers carry the {@code i} suffix. Line breaks cannot be escaped in names, so
 * they are replaced by a space; in string fields they are written as is (allowed inside quotes).
 * Names cannot hold a backslash right before a character that must be escaped, before a double
 * quote, or at their end (InfluxDB reads {@code \\,} as an escaped backslash followed by a
 * separator, and turns {@code \"} into {@code "}); such a backslash is written as {@code /}. Found by the property test
 * against the real server.
 */
public final class LineProtocol {
    private LineProtocol() {
    }

    /** One line without the trailing newline; the timestamp in {@code precision} (ns, u, ms, s). */
    public static String line(MetricPoint p, String precision) {
        StringBuilder sb = new StringBuilder(128);
        append(sb, p, precision);
        return sb.toString();
    }

    public static void append(StringBuilder sb, MetricPoint p, String precision) {
        escape(sb, p.measurement(), false);
        for (Map.Entry<String, String> tag : p.tags().entrySet()) {
            if (tag.getValue().isEmpty()) {
                continue;
            }
            sb.append(',');
            escape(sb, tag.getKey(), true);
            sb.append('=');
            escape(sb, tag.getValue(), true);
        }
        char sep = ' ';
        for (Map.Entry<String, Object> field : p.fields().entrySet()) {
            sb.append(sep);
            sep = ',';
            escape(sb, field.getKey(), true);
            sb.append('=');
            appendValue(sb, field.getValue());
        }
        sb.append(' ').append(timestamp(p.timestampNanos(), precision));
    }

    static long timestamp(long nanos, String precision) {
        return switch (precision) {
            case "u" -> nanos / 1_000L;
            case "ms" -> nanos / 1_000_000L;
            case "s" -> nanos / 1_000_000_000L;
            default -> nanos;
        };
    }

    private static void appendValue(StringBuilder sb, Object v) {
        if (v instanceof Long || v instanceof Integer) {
            sb.append(v).append('i');
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("InfluxDB cannot store " + d);
            }
            // Double.toString is exact (round-trips) and InfluxDB parses its 1.0E10 form.
            sb.append(d);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else {
            String s = String.valueOf(v);
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            sb.append('"');
        }
    }

    /** Names: measurement (comma, space) or keys and tag values (comma, equals, space). */
    private static void escape(StringBuilder sb, String s, boolean equalsToo) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                c = ' ';
            }
            if (c == '\\' && (i == s.length() - 1 || needsEscape(s.charAt(i + 1), equalsToo) || s.charAt(i + 1) == '"')) {
                c = '/';
            }
            if (needsEscape(c, equalsToo)) {
                sb.append('\\');
            }
            sb.append(c);
        }
    }

    private static boolean needsEscape(char c, boolean equalsToo) {
        return c == ',' || c == ' ' || c == '\n' || c == '\r' || (equalsToo && c == '=');
    }
}
