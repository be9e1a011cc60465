package io.wharf.dashboards;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which metrics and labels a PromQL expression names. */
final class PromQl {
    private static final Pattern METRIC = Pattern.compile("\\b(wharf_[a-z0-9_]+)\\b");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)");
    private static final Pattern LEGEND = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    private PromQl() {
    }

    static Set<String> metrics(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Labels used in matchers, groupings and legend templates. */
    static Set<String> labels(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = MATCHER.matcher(expr);
        while (m.find()) {
            out.add(m.group(1));
        }
        m = GROUPING.matcher(expr);
        while (m.find()) {
            for (String l : m.group(1).split(",")) {
                if (!l.isBlank()) {
                    out.add(l.trim());
                }
            }
        }
        m = LEGEND.matcher(expr);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
