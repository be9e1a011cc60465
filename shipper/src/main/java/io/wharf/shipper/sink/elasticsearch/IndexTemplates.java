package io.wharf.shipper.sink.elasticsearch;

import io.wharf.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index templates wharf installs at start (a PUT of the same body is idempotent): ECS
 * mappings for log documents (ids and names as keyword, {@code message} as text, dates, numbers)
 * and a mapping for the dead-letter indices that stores the refused event without indexing its
 * fields, so a dead letter can never itself fail on a mapping conflict.
 */
public final class IndexTemplates {
    // above Elasticsearch's built-in logs-*-* (100). Only core field types: the minimal distribution
    // has no mapper-extras (match_only_text) nor wildcard, and a template must install everywhere.
    static final int PRIORITY = 200;

    /**
     * Elasticsearch refuses two templates of equal priority whose patterns overlap
     * ({@code wharf-deadletter-*} and {@code wharf-deadletter-prod-*}); the longer, more specific
     * prefix wins, and prefixes of equal length cannot overlap.
     */
    static int priorityFor(String prefix) {
        return PRIORITY + prefix.length();
    }

    private IndexTemplates() {
    }

    public static String logsTemplateName(ElasticsearchSinkConfig c) {
        return c.dataStreams() ? "wharf-logs-" + c.dataStreamNamespace() : c.indexPrefix();
    }

    public static String logsTemplate(ElasticsearchSinkConfig c) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (c.dataStreams()) {
            body.put("index_patterns", List.of("logs-wharf.*-" + c.dataStreamNamespace()));
            body.put("data_stream", Map.of());
            body.put("priority", priorityFor(c.dataStreamNamespace()));
        } else {
            body.put("index_patterns", List.of(c.indexPrefix() + "-*"));
            body.put("priority", priorityFor(c.indexPrefix()));
        }
        body.put("template", Map.of("mappings", logsMappings()));
        body.put("_meta", Map.of("managed_by", "wharf"));
        return Json.write(body);
    }

    static Map<String, Object> logsMappings() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("@timestamp", Map.of("type", "date_nanos"));
        props.put("message", Map.of("type", "text"));
        props.put("tags", Map.of("type", "keyword"));
        props.put("log", obj(Map.of("level", kw())));
        props.put("host", obj(Map.of("name", kw())));
        props.put("service", obj(Map.of("name", kw())));
        props.put("container", obj(Map.of("id", kw(), "name", kw(), "image", obj(Map.of("name", kw())))));
        props.put("event", obj(Map.of("duration", Map.of("type", "long"), "original", Map.of("type", "keyword", "index", false, "doc_values", false))));
        props.put("error", obj(Map.of("stack_trace", Map.of("type", "text"), "message", Map.of("type", "text"))));
        props.put("client", obj(Map.of("ip", Map.of("type", "ip"), "port", Map.of("type", "long"))));
        Map<String, Object> mappings = new LinkedHashMap<>();
        // Unknown string fields become keywords, as ECS recommends for identifiers and labels.
        mappings.put("dynamic_templates", List.of(Map.of("strings_as_keyword",
                Map.of("match_mapping_type", "string", "mapping", Map.of("type", "keyword", "ignore_above", 1024)))));
        mappings.put("properties", props);
        return mappings;
    }

    public static String deadLetterTemplateName(String prefix) {
        return prefix;
    }

    public static String deadLetterTemplate(String prefix) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("@timestamp", Map.of("type", "date"));
        props.put("wharf", obj(Map.of("sink", kw(), "destination", kw())));
        props.put("http", obj(Map.of("response", obj(Map.of("status_code", Map.of("type", "long"))))));
        props.put("error", obj(Map.of("message", Map.of("type", "text"))));
        props.put("event", obj(Map.of("id", kw(), "original", Map.of("type", "text", "index", false))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("index_patterns", List.of(prefix + "-*"));
        body.put("priority", priorityFor(prefix));
        body.put("template", Map.of("mappings", Map.of("dynamic", false, "properties", props)));
        body.put("_meta", Map.of("managed_by", "wharf"));
        return Json.write(body);
    }

    private static Map<String, Object> kw() {
        return Map.of("type", "keyword", "ignore_above", 1024);
    }

    private static Map<String, Object> obj(Map<String, Object> properties) {
        return Map.of("properties", properties);
    }
}
