package io.wharf.core.event;

import io.wharf.core.ack.Acknowledgement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One metric point in InfluxDB's model: a measurement, tags (indexed, low cardinality), fields
 * (the values: Long, Double, Boolean or String) and a timestamp in nanoseconds since the epoch.
 * Names follow Telegraf ({@code docker_container_cpu}, {@code cpu}, {@code mem}...).
 */
public final class MetricPoint implements Event {
    private final String measurement;
    private final SortedMap<String, String> tags;
    private final Map<String, Object> fields;
    private final long timestampNanos;
    private Acknowledgement ack = Acknowledgement.NONE;

    private MetricPoint(String measurement, SortedMap<String, String> tags, Map<String, Object> fields, long timestampNanos) {
        this.measurement = measurement;
        this.tags = Collections.unmodifiableSortedMap(tags);
        this.fields = Collections.unmodifiableMap(fields);
        this.timestampNanos = timestampNanos;
    }

    public static Builder builder(String measurement) {
        return new Builder(measurement);
    }

    @Override
    public EventKind kind() {
        return EventKind.METRIC;
    }

    public String measurement() {
        return measurement;
    }

    public SortedMap<String, String> tags() {
        return tags;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public Acknowledgement ack() {
        return ack;
    }

    public MetricPoint ack(Acknowledgement ack) {
        this.ack = Objects.requireNonNull(ack, "ack");
        return this;
    }

    @Override
    public long estimatedBytes() {
        return 96 + Fields.estimateBytes(tags) + Fields.estimateBytes(fields);
    }

    /** Points of one series go to one Kafka partition, in order. */
    @Override
    public String routingKey() {
        return measurement + tags;
    }

    @Override
    public String toString() {
        return measurement + tags + fields + "@" + timestampNanos;
    }

    public static final class Builder {
        private final String measurement;
        private final SortedMap<String, String> tags = new TreeMap<>();
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private long timestampNanos;

        private Builder(String measurement) {
            if (measurement == null || measurement.isEmpty()) {
                throw new IllegalArgumentException("a metric point needs a measurement name");
            }
            this.measurement = measurement;
        }

        /** Adds a tag; null or empty values are left out, as InfluxDB cannot store them. */
        public Builder tag(String key, String value) {
            if (value != null && !value.isEmpty()) {
                tags.put(key, value);
            }
            return this;
        }

        public Builder tags(Map<String, String> more) {
            more.forEach(this::tag);
            return this;
        }

        public Builder field(String key, long value) {
            fields.put(key, value);
            return this;
        }

        public Builder field(String key, double value) {
            fields.put(key, value);
            return this;
        }

        public Builder field(String key, boolean value) {
            fields.put(key, value);
            return this;
        }

        public Builder field(String key, String value) {
            if (value != null) {
                fields.put(key, value);
            }
            return this;
        }

        /** Adds a field whose type is decided at run time (Long, Integer, Double, Float, Boolean, String). */
        public Builder fieldValue(String key, Object value) {
            if (value instanceof Integer i) {
                fields.put(key, i.longValue());
            } else if (value instanceof Float f) {
                fields.put(key, f.doubleValue());
            } else if (value instanceof Long || value instanceof Double || value instanceof Boolean || value instanceof String) {
                fields.put(key, value);
            } else if (value != null) {
                throw new IllegalArgumentException("field " + key + ": unsupported type " + value.getClass().getSimpleName());
            }
            return this;
        }

        public Builder timestampNanos(long nanos) {
            this.timestampNanos = nanos;
            return this;
        }

        public boolean hasFields() {
            return !fields.isEmpty();
        }

        public MetricPoint build() {
            if (fields.isEmpty()) {
                throw new IllegalStateException("metric point " + measurement + " has no field");
            }
            long ts = timestampNanos != 0 ? timestampNanos : System.currentTimeMillis() * 1_000_000L;
            return new MetricPoint(measurement, new TreeMap<>(tags), new LinkedHashMap<>(fields), ts);
        }
    }
}
