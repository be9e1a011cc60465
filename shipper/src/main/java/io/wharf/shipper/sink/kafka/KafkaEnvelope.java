package io.wharf.shipper.sink.kafka;

import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.core.event.Event;
import io.wharf.core.event.LogEvent;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How events travel through Kafka between the agent and the shipper: one JSON object per record
 * value, version 1 (documented in docs/outputs.md).
 * <pre>
 * {"v":1,"kind":"log","id":"..","dataset":"dirac","routing_key":"&lt;container id&gt;","fields":{...}}
 * {"v":1,"kind":"metric","measurement":"cpu","tags":{..},"fields":{"n":{"i":1},"x":{"f":2.5},"b":{"b":true},"s":{"s":".."}},"timestamp_ns":..}
 * </pre>
 * Metric field values carry their type, because JSON alone cannot tell the integer 1 from the
 * float 1.0, and InfluxDB refuses a field that changes type.
 */
public final class KafkaEnvelope {
    public static final int VERSION = 1;

    private KafkaEnvelope() {
    }

    public static byte[] encode(Event event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        if (event instanceof LogEvent log) {
            m.put("kind", "log");
            m.put("id", log.id());
            m.put("dataset", log.dataset());
            m.put("routing_key", log.routingKey());
            m.put("fields", log.fields());
        } else if (event instanceof MetricPoint p) {
            m.put("kind", "metric");
            m.put("measurement", p.measurement());
            m.put("tags", p.tags());
            Map<String, Object> fields = new LinkedHashMap<>();
            p.fields().forEach((k, v) -> fields.put(k, Map.of(typeOf(v), v)));
            m.put("fields", fields);
            m.put("timestamp_ns", p.timestampNanos());
        }
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    private static String typeOf(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return "i";
        }
        if (v instanceof Double || v instanceof Float) {
            return "f";
        }
        if (v instanceof Boolean) {
            return "b";
        }
        return "s";
    }

    /** Decodes a record value; an unreadable one is an IllegalArgumentException saying why. */
    @SuppressWarnings("unchecked")
    public static Event decode(byte[] value) {
        Map<String, Object> m;
        try {
            m = Json.MAPPER.readValue(value, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("not a wharf envelope (invalid JSON): " + e.getMessage());
        }
        Object version = m.get("v");
        if (!(version instanceof Number n) || n.intValue() != VERSION) {
            throw new IllegalArgumentException("unsupported envelope version " + version);
        }
        String kind = String.valueOf(m.get("kind"));
        switch (kind) {
            case "log" -> {
                Object fields = m.get("fields");
                if (!(fields instanceof Map)) {
                    throw new IllegalArgumentException("log envelope without fields");
                }
                LogEvent e = new LogEvent((Map<String, Object>) fields);
                e.id((String) m.get("id"));
                if (m.get("dataset") != null) {
                    e.dataset((String) m.get("dataset"));
                }
                e.routingKey((String) m.get("routing_key"));
                return e;
            }
            case "metric" -> {
                MetricPoint.Builder b = MetricPoint.builder((String) m.get("measurement"));
                Object tags = m.get("tags");
                if (tags instanceof Map) {
                    ((Map<String, Object>) tags).forEach((k, v) -> b.tag(k, String.valueOf(v)));
                }
                Object fields = m.get("fields");
                if (!(fields instanceof Map)) {
                    throw new IllegalArgumentException("metric envelope without fields");
                }
                ((Map<String, Object>) fields).forEach((k, typed) -> {
                    var t = (Map<String, Object>) typed;
                    var entry = t.entrySet().iterator().next();
                    Object v = entry.getValue();
                    switch (entry.getKey()) {
                        case "i" -> b.field(k, ((Number) v).longValue());
                        case "f" -> b.field(k, ((Number) v).doubleValue());
                        case "b" -> b.field(k, (Boolean) v);
                        default -> b.field(k, String.valueOf(v));
                    }
                });
                b.timestampNanos(((Number) m.get("timestamp_ns")).longValue());
                return b.build();
            }
            default -> throw new IllegalArgumentException("unknown envelope kind " + kind);
        }
    }
}
