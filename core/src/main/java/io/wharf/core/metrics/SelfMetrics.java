package io.wharf.core.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The agent's own counters and gauges (invariant 6), rendered in Prometheus' text format on
 * /metrics and listed by {@code wharf status}. Deliberately tiny: counters, gauges and
 * sum/count summaries are all the agent reports about itself.
 */
public final class SelfMetrics {
    private final Map<String, Family> families = new ConcurrentHashMap<>();

    /** A monotonically increasing count, e.g. {@code wharf_events_out_total{component="sink.elasticsearch"}}. */
    public Counter counter(String name, String help, String... labels) {
        Family family = family(name, help, "counter");
        return (Counter) family.series.computeIfAbsent(labelKey(labels), k -> new Counter());
    }

    /** A value read when scraped. A later registration with the same labels replaces the earlier one. */
    public void gauge(String name, String help, DoubleSupplier value, String... labels) {
        family(name, help, "gauge").series.put(labelKey(labels), new Gauge(value));
    }

    public void removeGauge(String name, String... labels) {
        Family family = families.get(name);
        if (family != null) {
            family.series.remove(labelKey(labels));
        }
    }

    /** Latency and the like: exposed as {@code name_sum} and {@code name_count}. */
    public Summary summary(String name, String help, String... labels) {
        Family family = family(name, help, "summary");
        return (Summary) family.series.computeIfAbsent(labelKey(labels), k -> new Summary());
    }

    /** The usual counters of one pipeline component ({@code source.docker}, {@code sink.elasticsearch}, ...). */
    public ComponentMetrics component(String component) {
        return new ComponentMetrics(this, component);
    }

    private Family family(String name, String help, String type) {
        Family family = families.computeIfAbsent(name, n -> new Family(help, type));
        if (!family.type.equals(type)) {
            throw new IllegalArgumentException(name + " is already registered as a " + family.type);
        }
        return family;
    }

    private static String labelKey(String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        if (labels.length == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < labels.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
        }
        return sb.append('}').toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Prometheus text exposition format 0.0.4. */
    public void writePrometheus(Appendable out) {
        try {
            for (Map.Entry<String, Family> entry : new TreeMap<>(families).entrySet()) {
                String name = entry.getKey();
                Family family = entry.getValue();
                out.append("# HELP ").append(name).append(' ').append(family.help).append('\n');
                out.append("# TYPE ").append(name).append(' ').append(family.type).append('\n');
                for (Map.Entry<String, Object> series : new TreeMap<>(family.series).entrySet()) {
                    Object s = series.getValue();
                    if (s instanceof Summary summary) {
                        out.append(name).append("_sum").append(series.getKey()).append(' ')
                                .append(format(summary.sum())).append('\n');
                        out.append(name).append("_count").append(series.getKey()).append(' ')
                                .append(Long.toString(summary.count())).append('\n');
                    } else {
                        out.append(name).append(series.getKey()).append(' ').append(format(value(s))).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every series as {@code name{labels} -> value}, for {@code wharf status} and tests. */
    public Map<String, Double> snapshot() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Family> entry : new TreeMap<>(families).entrySet()) {
            for (Map.Entry<String, Object> series : new TreeMap<>(entry.getValue().series).entrySet()) {
                Object s = series.getValue();
                if (s instanceof Summary summary) {
                    out.put(entry.getKey() + "_sum" + series.getKey(), summary.sum());
                    out.put(entry.getKey() + "_count" + series.getKey(), (double) summary.count());
                } else {
                    out.put(entry.getKey() + series.getKey(), value(s));
                }
            }
        }
        return out;
    }

    /** The value of one series, 0 when it does not exist. */
    public double value(String name, String... labels) {
        Family family = families.get(name);
        Object s = family == null ? null : family.series.get(labelKey(labels));
        return s == null ? 0 : value(s);
    }

    private static double value(Object series) {
        if (series instanceof Counter c) {
            return c.get();
        }
        if (series instanceof Gauge g) {
            return g.supplier.getAsDouble();
        }
        return 0;
    }

    private static String format(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static final class Family {
        final String help;
        final String type;
        final Map<String, Object> series = new ConcurrentHashMap<>();

        Family(String help, String type) {
            this.help = help;
            this.type = type;
        }
    }

    public static final class Counter {
        private final LongAdder adder = new LongAdder();

        public void inc() {
            adder.increment();
        }

        public void add(long n) {
            adder.add(n);
        }

        public long get() {
            return adder.sum();
        }
    }

    private record Gauge(DoubleSupplier supplier) {
    }

    public static final class Summary {
        private double sum;
        private long count;

        public synchronized void observe(double value) {
            sum += value;
            count++;
        }

        public synchronized double sum() {
            return sum;
        }

        public synchronized long count() {
            return count;
        }
    }
}
