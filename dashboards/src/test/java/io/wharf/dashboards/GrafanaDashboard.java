package io.wharf.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One Grafana dashboard file, read as Grafana reads it: variables, panels and their queries. */
record GrafanaDashboard(Path file, JsonNode json, List<Variable> variables, List<Target> targets) {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** A template variable of type query. */
    record Variable(String name, String datasourceType, String query, boolean includeAll) {
    }

    /** One query of one panel: InfluxQL for influxdb, PromQL for prometheus; legend is the alias or legendFormat. */
    record Target(String dashboard, int panelId, String panelTitle, String panelType, String refId,
                  String datasourceType, String query, String resultFormat, String legend) {
        @Override
        public String toString() {
            return dashboard + " panel " + panelId + " '" + panelTitle + "' " + refId;
        }
    }

    static List<GrafanaDashboard> all() {
        try (Stream<Path> files = java.nio.file.Files.list(Files.grafanaDashboards())) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().map(GrafanaDashboard::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GrafanaDashboard load(Path file) {
        JsonNode json;
        try {
            json = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("not valid JSON: " + file, e);
        }
        List<Variable> variables = new ArrayList<>();
        for (JsonNode v : json.path("templating").path("list")) {
            JsonNode q = v.path("query");
            String query = q.isObject() ? q.path("query").asText() : q.asText();
            variables.add(new Variable(v.path("name").asText(), v.path("datasource").path("type").asText(), query,
                    v.path("includeAll").asBoolean()));
        }
        List<Target> targets = new ArrayList<>();
        String name = file.getFileName().toString();
        for (JsonNode p : panels(json)) {
            String panelDs = p.path("datasource").path("type").asText();
            for (JsonNode t : p.path("targets")) {
                String ds = t.path("datasource").path("type").asText(panelDs);
                String query = t.has("expr") ? t.path("expr").asText() : t.path("query").asText();
                targets.add(new Target(name, p.path("id").asInt(), p.path("title").asText(), p.path("type").asText(),
                        t.path("refId").asText(), ds, query, t.path("resultFormat").asText(""),
                        t.has("legendFormat") ? t.path("legendFormat").asText() : t.path("alias").asText("")));
            }
        }
        return new GrafanaDashboard(file, json, variables, targets);
    }

    /** Every panel, including those nested in collapsed rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    String name() {
        return file.getFileName().toString();
    }
}
