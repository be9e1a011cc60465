package io.wharf.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wharf.core.event.LogEvent;
import io.wharf.core.event.MetricPoint;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one JSON mapper, and the NDJSON shape of events that the file, stdout and Kafka sinks write. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log event as the document Elasticsearch stores. */
    public static String toJson(LogEvent event) {
        return write(event.fields());
    }

    /**
     * A metric point as JSON: {@code {"measurement":..,"tags":{..},"fields":{..},"timestamp":ns}},
     * Telegraf's JSON serializer shape with a nanosecond timestamp.
     */
    public static Map<String, Object> toMap(MetricPoint point) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("measurement", point.measurement());
        map.put("tags", point.tags());
        map.put("fields", point.fields());
        map.put("timestamp", point.timestampNanos());
        return map;
    }
}
