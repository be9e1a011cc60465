package io.wharf.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The saved objects NDJSON, read the way Kibana's import and its search source do. */
record KibanaSavedObjects(List<JsonNode> objects) {
    private static final Pattern LUCENE_FIELD = Pattern.compile("(?:^|[\\s(])(_exists_:)?([@a-zA-Z_][\\w.@]*):");
    private static final Pattern EXISTS = Pattern.compile("_exists_:([@\\w.]+)");

    static KibanaSavedObjects load(Path file) {
        List<JsonNode> objects = new ArrayList<>();
        try {
            int line = 0;
            for (String s : java.nio.file.Files.readAllLines(file)) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                try {
                    objects.add(GrafanaDashboard.MAPPER.readTree(s));
                } catch (IOException e) {
                    throw new IllegalStateException(file + ":" + line + ": not a JSON object: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KibanaSavedObjects(objects);
    }

    List<JsonNode> ofType(String type) {
        return objects.stream().filter(o -> o.path("type").asText().equals(type)).toList();
    }

    /** searchSourceJSON of a search or visualization: query (lucene or kuery) and filter pills. */
    static JsonNode searchSource(JsonNode object) {
        return parse(object.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText("{}"));
    }

    /** visState of a legacy visualization. */
    static JsonNode visState(JsonNode object) {
        return parse(object.path("attributes").path("visState").asText("{}"));
    }

    static JsonNode parse(String json) {
        try {
            return GrafanaDashboard.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("embedded JSON does not parse: " + json, e);
        }
    }

    /** Every field a search or visualization names: in its query, filters, columns and aggregations. */
    static Set<String> fields(JsonNode object) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode source = searchSource(object);
        String query = source.path("query").path("query").asText("");
        Matcher m = LUCENE_FIELD.matcher(query);
        while (m.find()) {
            if (!m.group(2).equals("_exists_")) {
                out.add(m.group(2));
            }
        }
        m = EXISTS.matcher(query);
        while (m.find()) {
            out.add(m.group(1));
        }
        for (JsonNode f : source.path("filter")) {
            out.add(f.path("meta").path("key").asText());
        }
        object.path("attributes").path("columns").forEach(c -> out.add(c.asText()));
        for (JsonNode agg : visState(object).path("aggs")) {
            if (agg.path("params").has("field")) {
                out.add(agg.path("params").path("field").asText());
            }
        }
        return out;
    }

    /**
     * The body Kibana sends to {@code _search} for this object over the last {@code range}: the
     * lucene query as a query_string, each enabled filter pill's query, the time range, and for a
     * visualization its aggregations (buckets nested in order, metrics under the innermost).
     */
    static ObjectNode searchBody(JsonNode object, String range, String dateInterval) {
        JsonNode source = searchSource(object);
        ObjectNode body = GrafanaDashboard.MAPPER.createObjectNode();
        body.put("size", 5).put("track_total_hits", true);
        ObjectNode bool = body.putObject("query").putObject("bool");
        String query = source.path("query").path("query").asText("");
        if (!source.path("query").path("language").asText("lucene").equals("lucene")) {
            throw new IllegalStateException(object.path("id").asText() + ": only lucene queries can be proven without Kibana");
        }
        if (!query.isBlank()) {
            bool.putArray("must").addObject().putObject("query_string").put("query", query).put("analyze_wildcard", true);
        }
        ArrayNode filter = bool.putArray("filter");
        for (JsonNode f : source.path("filter")) {
            if (f.path("meta").path("disabled").asBoolean()) {
                continue;
            }
            if (f.path("meta").path("negate").asBoolean()) {
                bool.withArray("must_not").add(f.path("query"));
            } else {
                filter.add(f.path("query"));
            }
        }
        filter.addObject().putObject("range").putObject("@timestamp").put("gte", "now-" + range);
        JsonNode vis = visState(object);
        if (vis.has("aggs")) {
            List<JsonNode> enabled = new ArrayList<>();
            vis.path("aggs").forEach(a -> {
                if (a.path("enabled").asBoolean(true)) {
                    enabled.add(a);
                }
            });
            List<JsonNode> metrics = enabled.stream().filter(a -> a.path("schema").asText().equals("metric")).toList();
            ObjectNode level = body;
            for (JsonNode agg : enabled) {
                if (agg.path("schema").asText().equals("metric")) {
                    continue;
                }
                ObjectNode bucket = level.with("aggs").putObject(agg.path("id").asText());
                bucketAgg(bucket, agg, dateInterval, countIds(metrics));
                // A terms bucket ordered by a metric needs that metric beside it, as Kibana adds it.
                String orderBy = agg.path("params").path("orderBy").asText("");
                for (JsonNode metric : metrics) {
                    String id = metric.path("id").asText();
                    if (!metric.path("type").asText().equals("count") && (orderBy.equals(id) || orderBy.startsWith(id + "."))) {
                        metricAgg(bucket.with("aggs").putObject(id), metric);
                    }
                }
                level = bucket;
            }
            for (JsonNode agg : metrics) {
                if (!agg.path("type").asText().equals("count")) {
                    metricAgg(level.with("aggs").putObject(agg.path("id").asText()), agg);
                }
            }
        }
        return body;
    }

    private static Set<String> countIds(List<JsonNode> metrics) {
        Set<String> ids = new LinkedHashSet<>();
        metrics.stream().filter(m -> m.path("type").asText().equals("count")).forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    private static void bucketAgg(ObjectNode target, JsonNode agg, String dateInterval, Set<String> countIds) {
        JsonNode p = agg.path("params");
        switch (agg.path("type").asText()) {
            case "date_histogram" -> target.putObject("date_histogram").put("field", p.path("field").asText())
                    .put("fixed_interval", dateInterval).put("min_doc_count", p.path("min_doc_count").asInt(1));
            case "terms" -> {
                ObjectNode terms = target.putObject("terms").put("field", p.path("field").asText()).put("size", p.path("size").asInt(10));
                String orderBy = p.path("orderBy").asText("1");
                // Kibana's orderBy names an aggregation id; ordering by a count aggregation is ES's _count.
                terms.putObject("order").put(countIds.contains(orderBy) || orderBy.equals("_count") ? "_count" : orderBy,
                        p.path("order").asText("desc"));
                if (p.path("missingBucket").asBoolean()) {
                    terms.put("missing", "__missing__");
                }
            }
            default -> throw new IllegalStateException("bucket aggregation not translated: " + agg);
        }
    }

    private static void metricAgg(ObjectNode target, JsonNode agg) {
        JsonNode p = agg.path("params");
        String type = agg.path("type").asText();
        switch (type) {
            case "avg", "max", "min", "sum", "cardinality" -> target.putObject(type).put("field", p.path("field").asText());
            case "percentiles" -> target.putObject("percentiles").put("field", p.path("field").asText()).set("percents", p.path("percents"));
            default -> throw new IllegalStateException("metric aggregation not translated: " + agg);
        }
    }
}
