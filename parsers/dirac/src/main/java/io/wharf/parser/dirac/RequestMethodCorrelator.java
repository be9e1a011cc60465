package io.wharf.parser.dirac;

import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Processor;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Carries the method of a DIRAC request to its response. A DISET "Returning response" line names
 * the caller and the duration but not the method, which only the "Executing action" line before
 * it says (Tornado's response names the target service but not the method either). Counting
 * responses "per method" therefore needs the two joined: this processor remembers, per log source
 * (container id, else file), component, target and client ip:port, the method, type and target of
 * the last query, and copies them onto the matching response (only where the response does not
 * say them itself). A connection carries one request at a time, so the response consumes the entry.
 *
 * <p>Runs after {@link DiracParser} on the parsed fields. Memory is bounded: at most
 * {@code maxPending} queries wait for their response (the oldest is dropped beyond that) and a
 * query older than {@code maxAge} is forgotten; both are counted. A response with no query seen
 * (the agent started mid-request, the query line was lost) gets no method and is counted as
 * unmatched. Thread-safe; one instance per log source is the intended use.
 */
public final class RequestMethodCorrelator implements Processor {
    public static final int DEFAULT_MAX_PENDING = 10_000;
    /** Longer than any DIRAC service answers (DISET's own timeout is 600 s). */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(15);

    private record Pending(String method, String type, String target, long seenNanos) {
    }

    /** Insertion order is age order: an entry is removed before it is put again. */
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private final int maxPending;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private long matched;
    private long unmatched;
    private long evicted;
    private long expired;
    /** The same four counts, summed over every source, on the agent's /metrics; null when not exported. */
    private SelfMetrics.Counter matchedOut;
    private SelfMetrics.Counter unmatchedOut;
    private SelfMetrics.Counter evictedOut;
    private SelfMetrics.Counter expiredOut;

    public RequestMethodCorrelator() {
        this(DEFAULT_MAX_PENDING, DEFAULT_MAX_AGE, System::nanoTime);
    }

    /** @param nanoTime the monotonic clock ({@link System#nanoTime} outside tests) */
    public RequestMethodCorrelator(int maxPending, Duration maxAge, LongSupplier nanoTime) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
        }
        this.maxPending = maxPending;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * The DIRAC parser followed by a new correlator: what the agent runs on each DIRAC source and
     * {@code wharf parse --parser dirac} on each input, so that both give the same fields.
     */
    public static Processor following(Processor parser) {
        return following(parser, null);
    }

    /**
     * As {@link #following(Processor)}, also counting into {@code metrics} (when not null) as
     * {@code wharf_dirac_requests_correlated_total{outcome="matched|unmatched|evicted|expired"}}:
     * many unmatched responses mean query lines are lost or not parsed.
     */
    public static Processor following(Processor parser, SelfMetrics metrics) {
        RequestMethodCorrelator correlator = new RequestMethodCorrelator();
        if (metrics != null) {
            correlator.matchedOut = exported(metrics, "matched");
            correlator.unmatchedOut = exported(metrics, "unmatched");
            correlator.evictedOut = exported(metrics, "evicted");
            correlator.expiredOut = exported(metrics, "expired");
        }
        return event -> {
            parser.process(event);
            correlator.process(event);
        };
    }

    private static SelfMetrics.Counter exported(SelfMetrics metrics, String outcome) {
        return metrics.counter("wharf_dirac_requests_correlated_total",
                "DIRAC responses given the method of their query (matched) or not (unmatched), and queries forgotten "
                        + "unanswered (evicted: too many pending; expired: too old)", "outcome", outcome);
    }

    private static void inc(SelfMetrics.Counter counter) {
        if (counter != null) {
            counter.inc();
        }
    }

    @Override
    public void process(LogEvent event) {
        String kind = event.getString("dirac.request.kind");
        if (kind == null) {
            return;
        }
        String ip = event.getString("client.ip");
        String port = event.getString("client.port");
        if (ip == null || port == null) {
            return;
        }
        String key = key(event, ip, port);
        if (kind.equals("query")) {
            remember(key, new Pending(event.getString("dirac.request.method"), event.getString("dirac.request.type"),
                    event.getString("dirac.request.target"), nanoTime.getAsLong()));
        } else if (kind.equals("response")) {
            Pending p = take(key);
            if (p == null) {
                return;
            }
            putIfAbsent(event, "dirac.request.method", p.method());
            putIfAbsent(event, "dirac.request.type", p.type());
            putIfAbsent(event, "dirac.request.target", p.target());
        }
    }

    /**
     * Source, component and target besides the connection: two containers may see the same
     * client port, and a Tornado server logs requests to many services through one logger.
     */
    private static String key(LogEvent event, String ip, String port) {
        String source = event.getString("container.id");
        if (source == null) {
            source = event.getString("log.file.path");
        }
        return (source == null ? "" : source) + '\u0000' + orEmpty(event.getString("dirac.component")) + '\u0000'
                + orEmpty(event.getString("dirac.request.target")) + '\u0000' + ip + '\u0000' + port;
    }

    private synchronized void remember(String key, Pending p) {
        pending.remove(key);
        pending.put(key, p);
        expireOldest(p.seenNanos());
        if (pending.size() > maxPending) {
            Iterator<Map.Entry<String, Pending>> eldest = pending.entrySet().iterator();
            eldest.next();
            eldest.remove();
            evicted++;
            inc(evictedOut);
        }
    }

    private synchronized Pending take(String key) {
        Pending p = pending.remove(key);
        long now = nanoTime.getAsLong();
        if (p != null && now - p.seenNanos() > maxAgeNanos) {
            expired++;
            inc(expiredOut);
            p = null;
        }
        if (p == null) {
            unmatched++;
            inc(unmatchedOut);
        } else {
            matched++;
            inc(matchedOut);
        }
        expireOldest(now);
        return p;
    }

    private void expireOldest(long now) {
        Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue().seenNanos() <= maxAgeNanos) {
                return;
            }
            it.remove();
            expired++;
            inc(expiredOut);
        }
    }

    private static void putIfAbsent(LogEvent event, String path, String value) {
        if (value != null && event.get(path) == null) {
            event.put(path, value);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Responses that got the method of their query. */
    public synchronized long matched() {
        return matched;
    }

    /** Responses with no (or only an expired) query remembered: they keep no method. */
    public synchronized long unmatched() {
        return unmatched;
    }

    /** Queries dropped because {@code maxPending} were waiting. */
    public synchronized long evicted() {
        return evicted;
    }

    /** Queries forgotten after {@code maxAge} without a response. */
    public synchronized long expired() {
        return expired;
    }

    /** Queries waiting for their response now. */
    public synchronized int pending() {
        return pending.size();
    }
}
