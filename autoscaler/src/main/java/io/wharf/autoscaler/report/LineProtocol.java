package io.wharf.autoscaler.report;

import java.util.Map;

/** InfluxDB line protocol for one point, with the escaping rules of its documentation. */
final class LineProtocol {
    private LineProtocol() {
    }

    /** Fields: Integer/Long are written as integers ({@code 3i}), Double as floats, Boolean, String quoted. */
    static String point(String measurement, Map<String, String> tags, Map<String, Object> fields, long timestampMs) {
        StringBuilder sb = new StringBuilder(escape(measurement, ", "));
        tags.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                sb.append(',').append(escape(k, ",= ")).append('=').append(escape(v, ",= "));
            }
        });
        char sep = ' ';
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            Object v = f.getValue();
            if (v == null || v instanceof Double d && !Double.isFinite(d)) {
                continue;
            }
            sb.append(sep).append(escape(f.getKey(), ",= ")).append('=');
            if (v instanceof Integer || v instanceof Long) {
                sb.append(v).append('i');
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            sep = ',';
        }
        return sb.append(' ').append(timestampMs).toString();
    }

    private static String escape(String s, String special) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                sb.append(' ');
                continue;
            }
            if (special.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
