package io.wharf.core.multiline;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Joins the lines of one stream into events: a line for which {@code startsEvent} is true opens a
 * new event, any other line continues the pending one (tracebacks, call stacks). Bounded: when the
 * pending event reaches {@code maxLines} or {@code maxBytes} it is emitted as it is and the next
 * line opens a new one; nothing is discarded, and {@link #splits()} counts how often that
 * happened. A quiet stream's last event is released by {@link #flush()} once
 * {@link #idleExpired(long)} says it has waited {@code idleFlush}.
 *
 * <p>Not thread-safe: one instance per stream (stdout and stderr of a container are two streams,
 * so they never mix in one event).
 */
public final class MultilineAggregator {
    private final Predicate<String> startsEvent;
    private final int maxLines;
    private final long maxBytes;
    private final long idleFlushNanos;
    private final StringBuilder pending = new StringBuilder();
    private int pendingLines;
    private long pendingSinceNanos;
    private long lastLineNanos;
    private long splits;

    public MultilineAggregator(Predicate<String> startsEvent, int maxLines, long maxBytes, Duration idleFlush) {
        if (maxLines < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("multiline limits must be positive");
        }
        this.startsEvent = startsEvent;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.idleFlushNanos = idleFlush.toNanos();
    }

    /** Every line is its own event: the aggregator for streams without a multiline rule. */
    public static MultilineAggregator singleLine() {
        return new MultilineAggregator(line -> true, 1, Long.MAX_VALUE, Duration.ZERO);
    }

    /**
     * Adds a line (without its newline). Returns the event this line closes, if any: at most one,
     * and it ends exactly where this line starts.
     */
    public List<String> add(String line) {
        long now = System.nanoTime();
        List<String> completed = List.of();
        if (pendingLines > 0 && (startsEvent.test(line) || full(line))) {
            if (!startsEvent.test(line)) {
                splits++;
            }
            completed = List.of(take());
        }
        if (pendingLines == 0) {
            pendingSinceNanos = now;
        } else {
            pending.append('\n');
        }
        pending.append(line);
        pendingLines++;
        lastLineNanos = now;
        if (maxLines == 1) {
            // Single-line streams never hold an event back.
            return completed.isEmpty() ? List.of(take()) : List.of(completed.get(0), take());
        }
        return completed;
    }

    private boolean full(String next) {
        return pendingLines >= maxLines || utf8Length(pending) + 1 + utf8Length(next) > maxBytes;
    }

    private static long utf8Length(CharSequence s) {
        // Close enough for a bound: ASCII is exact, other characters are counted high.
        long n = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                n += 2;
            }
        }
        return n;
    }

    private String take() {
        String event = pending.toString();
        pending.setLength(0);
        pendingLines = 0;
        return event;
    }

    /** Releases the pending event, if any (idle timeout, end of file, container stopped). */
    public List<String> flush() {
        return pendingLines == 0 ? List.of() : List.of(take());
    }

    /** The lines of the pending event so far, joined by newlines ("" if none). */
    public String pendingText() {
        return pending.toString();
    }

    public boolean hasPending() {
        return pendingLines > 0;
    }

    /** When the pending event's first line arrived ({@link System#nanoTime()}). */
    public long pendingSinceNanos() {
        return pendingSinceNanos;
    }

    /** True when an event is pending and no line has arrived for the idle-flush time. */
    public boolean idleExpired(long nowNanos) {
        return pendingLines > 0 && nowNanos - lastLineNanos >= idleFlushNanos;
    }

    /** When {@link #idleExpired} becomes true if no line comes ({@link System#nanoTime} scale), or {@link Long#MAX_VALUE} if nothing is pending. */
    public long idleDeadlineNanos() {
        return pendingLines > 0 ? lastLineNanos + idleFlushNanos : Long.MAX_VALUE;
    }

    public int pendingLines() {
        return pendingLines;
    }

    /** How many events were cut at the line or byte limit. */
    public long splits() {
        return splits;
    }
}
