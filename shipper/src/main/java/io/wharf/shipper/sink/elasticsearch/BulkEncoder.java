package io.wharf.shipper.sink.elasticsearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.wharf.core.event.LogEvent;
import io.wharf.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns log events into the body of a {@code _bulk} request: one {@code create} action per event
 * (with the event's {@code _id} when it has one, so a resend is a 409 and no second copy) followed
 * by the document.
 */
public final class BulkEncoder {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");

    private final boolean dataStreams;
    private final String namespace;
    private final String indexPrefix;

    public BulkEncoder(boolean dataStreams, String namespace, String indexPrefix) {
        this.dataStreams = dataStreams;
        this.namespace = namespace;
        this.indexPrefix = indexPrefix;
    }

    public static BulkEncoder of(ElasticsearchSinkConfig c) {
        return new BulkEncoder(c.dataStreams(), c.dataStreamNamespace(), c.indexPrefix());
    }

    /** One encoded event: where it goes and its document, kept to dead-letter it verbatim. */
    public record Item(LogEvent event, String index, String document) {
    }

    public Item item(LogEvent event) {
        return new Item(event, indexFor(event), document(event));
    }

    public byte[] body(List<Item> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() * 512);
        for (Item item : items) {
            Map<String, Object> meta = new LinkedHashMap<>(2);
            meta.put("_index", item.index());
            if (item.event().id() != null) {
                meta.put("_id", item.event().id());
            }
            write(out, Json.write(Map.of("create", meta)));
            write(out, item.document());
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        out.write('\n');
    }

    /** The document; data streams require {@code @timestamp}, so an event without one gets the time it was shipped. */
    static String document(LogEvent event) {
        Map<String, Object> fields = event.fields();
        if (!fields.containsKey(LogEvent.TIMESTAMP)) {
            Map<String, Object> copy = new LinkedHashMap<>();
            copy.put(LogEvent.TIMESTAMP, Instant.now().toString());
            copy.putAll(fields);
            fields = copy;
        }
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String indexFor(LogEvent event) {
        String dataset = sanitize(event.dataset() == null ? "generic" : event.dataset());
        if (dataStreams) {
            return "logs-wharf." + dataset + "-" + namespace;
        }
        return indexPrefix + "-" + dataset + "-" + day(event).format(DAY);
    }

    private static LocalDate day(LogEvent event) {
        Object ts = event.fields().get(LogEvent.TIMESTAMP);
        if (ts != null) {
            try {
                return Instant.parse(ts.toString()).atZone(ZoneOffset.UTC).toLocalDate();
            } catch (RuntimeException notIso) {
                // fall through: the day it is shipped
            }
        }
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** Index names are lower case and forbid some characters; {@code -} separates a data stream's parts. */
    static String sanitize(String dataset) {
        StringBuilder sb = new StringBuilder(dataset.length());
        for (char c : dataset.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '_' || c == '.' ? c : '_');
        }
        return sb.isEmpty() ? "generic" : sb.toString();
    }
}
