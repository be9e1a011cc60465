package io.wharf.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Grafana's Prometheus data source does to variables and macros before querying. */
final class PromQlVariable {
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");

    /** A {@code label_values(selector, label)} variable query: Grafana asks /api/v1/label/LABEL/values?match[]=SELECTOR. */
    record LabelValues(String selector, String label) {
    }

    private PromQlVariable() {
    }

    static LabelValues parse(String variableQuery) {
        Matcher m = LABEL_VALUES.matcher(variableQuery);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a label_values(selector, label) query: " + variableQuery);
        }
        return new LabelValues(m.group(1).trim(), m.group(2));
    }

    static LabelValues renderVariable(String variableQuery, Map<String, String> variables) {
        LabelValues q = parse(variableQuery);
        return new LabelValues(render(q.selector(), variables), q.label());
    }

    /** Grafana's macros for a scrape interval of 1 s and a 2 minute range, and variables already escaped. */
    static String render(String expr, Map<String, String> variables) {
        String out = expr.replace("$__rate_interval", "10s").replace("$__range", "2m");
        for (Map.Entry<String, String> v : variables.entrySet()) {
            out = out.replace("$" + v.getKey(), v.getValue());
        }
        return out;
    }

    /** A value escaped for a PromQL regex inside a double-quoted string, as Grafana does. */
    static String regexValue(String value) {
        return value.replaceAll("([\\\\^$.|?*+()\\[\\]{}])", "\\\\\\\\$1");
    }

    /** Whether a query_range answer has a series with a number (not NaN). */
    static boolean hasValue(JsonNode answer) {
        for (JsonNode series : answer.path("data").path("result")) {
            for (JsonNode point : series.path("values")) {
                if (!point.path(1).asText().equals("NaN")) {
                    return true;
                }
            }
        }
        return false;
    }
}
