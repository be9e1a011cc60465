package io.wharf.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structural checks of the dashboards against dashboards/schema.yml, without any server: each
 * method returns the problems found, in words a reviewer can act on.
 */
final class DashboardLint {
    /** Grafana's own variables and per-series alias placeholders. */
    private static final Set<String> BUILT_INS = Set.of("timeFilter", "__interval", "__interval_ms", "__rate_interval",
            "__range", "col");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern TAG_ALIAS = Pattern.compile("\\$tag_([A-Za-z0-9_]+)");
    private static final Pattern GROUP_BY = Pattern.compile("GROUP BY\\s+((?:time\\([^)]*\\)|\"[^\"]+\"|\\s|,)+)", Pattern.CASE_INSENSITIVE);

    private DashboardLint() {
    }

    static List<String> grafana(GrafanaDashboard d, Schema schema, Set<String> datasourceUids) {
        List<String> problems = new ArrayList<>();
        JsonNode json = d.json();
        String name = d.name();
        if (json.path("uid").asText().isBlank() || json.path("title").asText().isBlank()) {
            problems.add(name + ": needs a uid and a title");
        }
        if (json.path("schemaVersion").asInt() < 36) {
            problems.add(name + ": schemaVersion " + json.path("schemaVersion").asInt() + " is older than Grafana 9's model");
        }
        Set<String> defined = new LinkedHashSet<>();
        for (GrafanaDashboard.Variable v : d.variables()) {
            for (String used : variables(v.query())) {
                if (!defined.contains(used)) {
                    problems.add(name + ": variable " + v.name() + " uses $" + used + " before it is defined");
                }
            }
            defined.add(v.name());
            if (v.datasourceType().equals("influxdb")) {
                problems.addAll(influxNames(name + " variable " + v.name(), v.query(), schema));
            } else if (v.datasourceType().equals("prometheus")) {
                problems.addAll(promNames(name + " variable " + v.name(), v.query(), "", schema));
            } else {
                problems.add(name + ": variable " + v.name() + " has no influxdb or prometheus data source");
            }
        }
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : GrafanaDashboard.panels(json)) {
            int id = p.path("id").asInt(-1);
            String where = name + " panel " + id + " '" + p.path("title").asText() + "'";
            if (!ids.add(id)) {
                problems.add(where + ": panel id is not unique");
            }
            JsonNode grid = p.path("gridPos");
            if (grid.path("x").asInt() + grid.path("w").asInt() > 24 || grid.path("w").asInt() <= 0 || grid.path("h").asInt() <= 0) {
                problems.add(where + ": gridPos outside Grafana's 24 columns");
            }
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            if (p.path("title").asText().isBlank()) {
                problems.add(where + ": no title");
            }
            if (!p.path("targets").isArray() || p.path("targets").isEmpty()) {
                problems.add(where + ": no query");
            }
            String panelUid = p.path("datasource").path("uid").asText();
            if (!datasourceUids.contains(panelUid)) {
                problems.add(where + ": data source uid '" + panelUid + "' is not provisioned");
            }
            for (JsonNode t : p.path("targets")) {
                String uid = t.path("datasource").path("uid").asText(panelUid);
                if (!datasourceUids.contains(uid)) {
                    problems.add(where + ": target data source uid '" + uid + "' is not provisioned");
                }
                if (t.path("datasource").path("type").asText().equals("influxdb") && !t.path("rawQuery").asBoolean()) {
                    problems.add(where + ": InfluxQL targets must be raw queries (rawQuery: true)");
                }
            }
        }
        for (GrafanaDashboard.Target t : d.targets()) {
            if (t.query().isBlank()) {
                problems.add(t + ": empty query");
                continue;
            }
            for (String used : variables(t.query())) {
                if (!defined.contains(used) && !BUILT_INS.contains(used) && !used.startsWith("tag_")) {
                    problems.add(t + ": uses $" + used + ", which the dashboard does not define");
                }
            }
            switch (t.datasourceType()) {
                case "influxdb" -> {
                    problems.addAll(influxNames(t.toString(), t.query(), schema));
                    Set<String> groupedBy = groupBy(t.query());
                    Matcher m = TAG_ALIAS.matcher(t.legend());
                    while (m.find()) {
                        if (!groupedBy.contains(m.group(1))) {
                            problems.add(t + ": alias uses $tag_" + m.group(1) + " but the query does not GROUP BY it");
                        }
                    }
                }
                case "prometheus" -> problems.addAll(promNames(t.toString(), t.query(), t.legend(), schema));
                default -> problems.add(t + ": data source type '" + t.datasourceType() + "' is not provisioned");
            }
        }
        return problems;
    }

    /** Measurements must be in the schema, and every key a tag or field of a measurement the query reads. */
    static List<String> influxNames(String where, String query, Schema schema) {
        List<String> problems = new ArrayList<>();
        Set<String> measurements = InfluxQl.measurements(query);
        if (measurements.isEmpty()) {
            problems.add(where + ": no FROM \"measurement\"");
        }
        for (String m : measurements) {
            if (!schema.influx().containsKey(m)) {
                problems.add(where + ": measurement '" + m + "' is not in schema.yml");
            }
        }
        for (String key : InfluxQl.keys(query)) {
            boolean known = measurements.stream().map(schema.influx()::get).anyMatch(s -> s != null && s.has(key));
            if (!known) {
                problems.add(where + ": '" + key + "' is neither a tag nor a field of " + measurements + " in schema.yml");
            }
        }
        return problems;
    }

    static List<String> promNames(String where, String expr, String legend, Schema schema) {
        List<String> problems = new ArrayList<>();
        Set<String> metrics = PromQl.metrics(expr);
        if (metrics.isEmpty()) {
            problems.add(where + ": names no wharf_ metric");
        }
        Set<String> labels = new HashSet<>(schema.promScrapeLabels());
        for (String m : metrics) {
            Set<String> known = schema.promMetrics().get(m);
            if (known == null) {
                problems.add(where + ": metric '" + m + "' is not in schema.yml");
            } else {
                labels.addAll(known);
            }
            if (schema.promConditional().contains(m) && !expr.contains(" or ")) {
                problems.add(where + ": " + m + " exists only after the first occurrence; add a fallback such as `or on() vector(0)`");
            }
        }
        Set<String> used = PromQl.labels(expr);
        used.addAll(PromQl.labels(legend));
        for (String l : used) {
            if (!labels.contains(l)) {
                problems.add(where + ": label '" + l + "' is not a label of " + metrics);
            }
        }
        return problems;
    }

    static List<String> kibana(KibanaSavedObjects saved, Schema schema) {
        List<String> problems = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (JsonNode o : saved.objects()) {
            String key = o.path("type").asText() + "/" + o.path("id").asText();
            if (o.path("type").asText().isBlank() || o.path("id").asText().isBlank() || !o.path("attributes").isObject()) {
                problems.add(key + ": a saved object needs type, id and attributes");
            }
            if (!keys.add(key)) {
                problems.add(key + ": appears twice");
            }
        }
        List<JsonNode> views = saved.ofType("index-pattern");
        if (views.size() != 1) {
            problems.add("expected exactly one data view (index-pattern), found " + views.size());
        } else {
            JsonNode a = views.get(0).path("attributes");
            if (!a.path("title").asText().equals(schema.esIndexPattern())) {
                problems.add("data view title '" + a.path("title").asText() + "' is not " + schema.esIndexPattern());
            }
            if (!a.path("timeFieldName").asText().equals("@timestamp")) {
                problems.add("data view time field is not @timestamp");
            }
        }
        for (JsonNode o : saved.objects()) {
            String key = o.path("type").asText() + "/" + o.path("id").asText();
            Set<String> refNames = new HashSet<>();
            for (JsonNode r : o.path("references")) {
                refNames.add(r.path("name").asText());
                if (!keys.contains(r.path("type").asText() + "/" + r.path("id").asText())) {
                    problems.add(key + ": reference " + r.path("name").asText() + " points to "
                            + r.path("type").asText() + "/" + r.path("id").asText() + ", which is not in the file");
                }
            }
            String type = o.path("type").asText();
            if (type.equals("search") || type.equals("visualization")) {
                JsonNode source = KibanaSavedObjects.searchSource(o);
                requireRef(problems, key, refNames, source.path("indexRefName").asText(null));
                for (JsonNode f : source.path("filter")) {
                    requireRef(problems, key, refNames, f.path("meta").path("indexRefName").asText(null));
                }
                if (!source.path("query").path("language").asText().equals("lucene")) {
                    problems.add(key + ": queries are written in lucene syntax so that they run unchanged through _search");
                }
                for (String field : KibanaSavedObjects.fields(o)) {
                    if (!schema.esFields().contains(field)) {
                        problems.add(key + ": field '" + field + "' is not in schema.yml");
                    }
                }
                if (type.equals("visualization")) {
                    JsonNode vis = KibanaSavedObjects.visState(o);
                    if (!vis.path("aggs").isArray() || vis.path("aggs").isEmpty()) {
                        problems.add(key + ": visualization without aggregations");
                    }
                    try {
                        KibanaSavedObjects.searchBody(o, "1h", "1m");
                    } catch (RuntimeException e) {
                        problems.add(key + ": " + e.getMessage());
                    }
                }
            }
            if (type.equals("dashboard")) {
                JsonNode panels = KibanaSavedObjects.parse(o.path("attributes").path("panelsJSON").asText("[]"));
                if (panels.isEmpty()) {
                    problems.add(key + ": no panels");
                }
                for (JsonNode p : panels) {
                    String ref = p.path("panelIndex").asText() + ":" + p.path("panelRefName").asText();
                    requireRef(problems, key, refNames, ref);
                    JsonNode g = p.path("gridData");
                    if (g.path("x").asInt() + g.path("w").asInt() > 48) {
                        problems.add(key + ": panel " + p.path("panelIndex").asText() + " is outside Kibana's 48 columns");
                    }
                }
            }
        }
        return problems;
    }

    private static void requireRef(List<String> problems, String key, Set<String> refNames, String name) {
        if (name == null || !refNames.contains(name)) {
            problems.add(key + ": no reference named '" + name + "'");
        }
    }

    static Set<String> variables(String query) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(query);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Tag keys of every GROUP BY clause (outer query and subqueries). */
    static Set<String> groupBy(String query) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = GROUP_BY.matcher(query);
        while (m.find()) {
            Matcher q = Pattern.compile("\"([^\"]+)\"").matcher(m.group(1));
            while (q.find()) {
                out.add(q.group(1));
            }
        }
        return out;
    }
}
