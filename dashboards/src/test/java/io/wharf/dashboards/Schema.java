package io.wharf.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** dashboards/schema.yml: every name a dashboard may use, and who produces it. */
record Schema(Map<String, Measurement> influx, Map<String, Set<String>> promMetrics, Set<String> promScrapeLabels,
              Set<String> promConditional, String esIndexPattern, Set<String> esFields) {

    record Measurement(String name, String producer, Set<String> tags, Set<String> fields) {
        boolean has(String key) {
            return tags.contains(key) || fields.contains(key);
        }
    }

    static Schema load(Path file) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            Map<String, Measurement> influx = new LinkedHashMap<>();
            root.path("influxdb").fields().forEachRemaining(e -> influx.put(e.getKey(), new Measurement(e.getKey(),
                    e.getValue().path("producer").asText(), strings(e.getValue().path("tags")), strings(e.getValue().path("fields")))));
            Map<String, Set<String>> metrics = new LinkedHashMap<>();
            JsonNode prom = root.path("prometheus");
            prom.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), strings(e.getValue())));
            JsonNode es = root.path("elasticsearch");
            return new Schema(influx, metrics, strings(prom.path("scrape_labels")), strings(prom.path("conditional")),
                    es.path("index_pattern").asText(), strings(es.path("fields")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
