package io.wharf.core.event;

import io.wharf.core.ack.Acknowledgement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A log event: a nested JSON document with ECS field names ({@code @timestamp}, {@code message},
 * {@code log.level}, {@code container.name}, ...) plus the metadata a pipeline needs and a sink
 * never writes as a field: the stable id, the dataset, the routing key and the acknowledgement.
 */
public final class LogEvent implements Event {
    public static final String TIMESTAMP = "@timestamp";
    public static final String MESSAGE = "message";
    public static final String TAGS = "tags";

    private final Map<String, Object> fields;
    private String id;
    private String dataset = "container";
    private String routingKey;
    private Acknowledgement ack = Acknowledgement.NONE;
    private long estimatedBytes = -1;
    /** Logstash's {@code [@metadata]}: fields later steps read, never written to a document. */
    private Map<String, Object> metadata;

    public LogEvent() {
        this(new LinkedHashMap<>());
    }

    public LogEvent(Map<String, Object> fields) {
        this.fields = Objects.requireNonNull(fields, "fields");
    }

    /** An event holding only a message, as a source reads it. */
    public static LogEvent ofMessage(String message) {
        LogEvent event = new LogEvent();
        event.fields.put(MESSAGE, message);
        return event;
    }

    /**
     * The id of the event read at {@code offset} of the source {@code sourceId}: the same bytes
     * read twice (after a crash) get the same id, so Elasticsearch keeps one copy.
     */
    public static String idFor(String sourceId, long offset) {
        return sourceId + "-" + Long.toString(offset, 36);
    }

    @Override
    public EventKind kind() {
        return EventKind.LOG;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    /**
     * The event's metadata fields (Logstash's {@code [@metadata]}), created on first use: a
     * parser puts values here for later steps (routing, index names); sinks never encode them.
     */
    public Map<String, Object> metadata() {
        if (metadata == null) {
            metadata = new LinkedHashMap<>();
        }
        return metadata;
    }

    public Object get(String path) {
        if (path.startsWith("@metadata.")) {
            return metadata == null ? null : Fields.get(metadata, path.substring("@metadata.".length()));
        }
        return Fields.get(fields, path);
    }

    public String getString(String path) {
        Object value = get(path);
        return value == null ? null : value.toString();
    }

    public LogEvent put(String path, Object value) {
        Fields.put(fields, path, value);
        estimatedBytes = -1;
        return this;
    }

    public Object remove(String path) {
        estimatedBytes = -1;
        return Fields.remove(fields, path);
    }

    public String message() {
        return getString(MESSAGE);
    }

    @SuppressWarnings("unchecked")
    public List<String> tags() {
        Object tags = fields.get(TAGS);
        return tags instanceof List ? (List<String>) tags : List.of();
    }

    @SuppressWarnings("unchecked")
    public LogEvent addTag(String tag) {
        Object tags = fields.get(TAGS);
        List<String> list;
        if (tags instanceof List) {
            list = (List<String>) tags;
        } else {
            list = new ArrayList<>(2);
            fields.put(TAGS, list);
        }
        if (!list.contains(tag)) {
            list.add(tag);
        }
        return this;
    }

    public boolean hasTag(String tag) {
        return tags().contains(tag);
    }

    public String id() {
        return id;
    }

    public LogEvent id(String id) {
        this.id = id;
        return this;
    }

    /** The data stream dataset this event belongs to ({@code dirac}, {@code container}, {@code file}). */
    public String dataset() {
        return dataset;
    }

    public LogEvent dataset(String dataset) {
        this.dataset = dataset;
        return this;
    }

    @Override
    public String routingKey() {
        return routingKey;
    }

    public LogEvent routingKey(String routingKey) {
        this.routingKey = routingKey;
        return this;
    }

    @Override
    public Acknowledgement ack() {
        return ack;
    }

    public LogEvent ack(Acknowledgement ack) {
        this.ack = Objects.requireNonNull(ack, "ack");
        return this;
    }

    @Override
    public long estimatedBytes() {
        if (estimatedBytes < 0) {
            estimatedBytes = 96 + Fields.estimateBytes(fields);
        }
        return estimatedBytes;
    }

    @Override
    public String toString() {
        return "LogEvent" + fields;
    }
}
