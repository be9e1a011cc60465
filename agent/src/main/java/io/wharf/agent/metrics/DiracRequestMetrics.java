package io.wharf.agent.metrics;

import io.wharf.core.event.LogEvent;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.pipeline.Processor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * DIRAC request metrics, measured at the source: watches parsed log events (a {@link Processor}
 * that never changes them) for DIRAC "Returning response" lines and, per host, service, component
 * and method, counts requests and errors and keeps response times. {@link #flush} turns each
 * interval into one {@code dirac_requests} point per key (the autoscaler's second input).
 *
 * <p>Memory stays bounded: per key at most {@link #RESERVOIR} response times are kept (uniform
 * reservoir sampling), so p50/p95/p99 are exact up to that many requests per interval and a
 * uniform-sample estimate beyond it; count, errors, mean and max are always exact.
 */
public final class DiracRequestMetrics implements Processor {
    public static final String MEASUREMENT = "dirac_requests";
    static final int RESERVOIR = 4096;

    private final String defaultHost;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private Map<Key, Window> windows = new java.util.concurrent.ConcurrentHashMap<>();
    private long windowStartNanos = System.nanoTime();

    public DiracRequestMetrics(String defaultHost) {
        this.defaultHost = defaultHost;
    }

    record Key(String host, String service, String component, String method) {
    }

    @Override
    public void process(LogEvent event) {
        if (!"response".equals(event.getString("dirac.request.kind"))) {
            return;
        }
        String host = event.getString("host.name");
        // A Tornado server logs as Tornado/Tornado for every service it hosts; the service called is the target.
        String target = event.getString("dirac.request.target");
        String component = target != null && !target.isEmpty() ? target : event.getString("dirac.component");
        Key key = new Key(host == null ? defaultHost : host, orEmpty(event.getString("service.name")),
                orEmpty(component), orEmpty(event.getString("dirac.request.method")));
        boolean error = "ERROR".equalsIgnoreCase(event.getString("dirac.request.status"));
        Object duration = event.get("event.duration");
        double seconds = duration instanceof Number n ? n.doubleValue() / 1e9 : Double.NaN;
        lock.readLock().lock();
        try {
            windows.computeIfAbsent(key, k -> new Window()).add(error, seconds);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes the current interval and returns its points (none for an idle interval). */
    public List<MetricPoint> flush() {
        Map<Key, Window> closed;
        long now = System.nanoTime();
        double intervalSeconds;
        lock.writeLock().lock();
        try {
            closed = windows;
            windows = new java.util.concurrent.ConcurrentHashMap<>();
            intervalSeconds = (now - windowStartNanos) / 1e9;
            windowStartNanos = now;
        } finally {
            lock.writeLock().unlock();
        }
        long ts = System.currentTimeMillis() * 1_000_000L;
        List<MetricPoint> points = new ArrayList<>(closed.size());
        for (Map.Entry<Key, Window> e : closed.entrySet()) {
            Key k = e.getKey();
            points.add(e.getValue().toPoint(MetricPoint.builder(MEASUREMENT).tag("host", k.host()).tag("service", k.service())
                    .tag("component", k.component()).tag("method", k.method()).timestampNanos(ts), intervalSeconds));
        }
        return points;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** One key's interval. */
    private static final class Window {
        private long requests;
        private long errors;
        private long timed;
        private double sum;
        private double max = Double.NaN;
        private double[] reservoir = new double[16];
        private int kept;

        synchronized void add(boolean error, double seconds) {
            requests++;
            if (error) {
                errors++;
            }
            if (Double.isNaN(seconds) || seconds < 0) {
                return;
            }
            timed++;
            sum += seconds;
            max = Double.isNaN(max) ? seconds : Math.max(max, seconds);
            if (kept < RESERVOIR) {
                if (kept == reservoir.length) {
                    reservoir = Arrays.copyOf(reservoir, Math.min(RESERVOIR, kept * 2));
                }
                reservoir[kept++] = seconds;
            } else {
                long slot = ThreadLocalRandom.current().nextLong(timed);
                if (slot < RESERVOIR) {
                    reservoir[(int) slot] = seconds;
                }
            }
        }

        synchronized MetricPoint toPoint(MetricPoint.Builder b, double intervalSeconds) {
            b.field("requests", requests).field("errors", errors);
            if (timed > 0) {
                double[] sorted = Arrays.copyOf(reservoir, kept);
                Arrays.sort(sorted);
                b.field("response_time_mean", sum / timed)
                        .field("response_time_p50", rank(sorted, 50))
                        .field("response_time_p95", rank(sorted, 95))
                        .field("response_time_p99", rank(sorted, 99))
                        .field("response_time_max", max);
            }
            return b.field("interval_seconds", intervalSeconds).build();
        }

        /** Nearest-rank percentile. */
        private static double rank(double[] sorted, double p) {
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    /** The keys of the open interval, for tests and the HTTP API. */
    Map<Key, Long> openCounts() {
        Map<Key, Long> out = new HashMap<>();
        windows.forEach((k, w) -> out.put(k, w.requests));
        return out;
    }
}
