package io.wharf.dashboards;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Grafana does to an InfluxQL query before sending it, and which names a query uses. */
final class InfluxQl {
    private static final Pattern FROM = Pattern.compile("FROM\\s+\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern ALIAS = Pattern.compile("\\bAS\\s+\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private InfluxQl() {
    }

    /** Measurements named after FROM (including inside subqueries). */
    static Set<String> measurements(String query) {
        return all(FROM, query);
    }

    /** Tag and field keys the query names: every double-quoted identifier that is neither a measurement nor an alias. */
    static Set<String> keys(String query) {
        Set<String> keys = all(QUOTED, query);
        keys.removeAll(measurements(query));
        keys.removeAll(all(ALIAS, query));
        return keys;
    }

    /**
     * Grafana's substitution for a time range of {@code range} (an InfluxQL duration such as 1h)
     * and a group-by interval of {@code interval} seconds; variables are regex alternatives as
     * Grafana renders them inside {@code /^$var$/}.
     */
    static String render(String query, Map<String, String> variables, String range, int intervalSeconds) {
        String q = query.replace("$timeFilter", "time > now() - " + range)
                .replace("$__interval_ms", Integer.toString(intervalSeconds * 1000))
                .replace("$__interval", intervalSeconds + "s");
        for (Map.Entry<String, String> v : variables.entrySet()) {
            q = q.replace("$" + v.getKey(), v.getValue());
        }
        return q;
    }

    /** A value as Grafana escapes it for a regex: InfluxQL regexes are delimited by slashes. */
    static String regexValue(String value) {
        return value.replaceAll("([\\\\/^$.|?*+()\\[\\]{}-])", "\\\\$1");
    }

    private static Set<String> all(Pattern p, String s) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
