package io.wharf.core.ack;

import java.util.ArrayDeque;
import java.util.function.LongConsumer;

/**
 * Turns out-of-order acknowledgements of one source's events into an in-order committed offset.
 * A source calls {@link #track(long)} for each event it reads, in reading order, with the offset
 * just past the event; the committed offset only moves past an event once it and every event
 * before it are acknowledged by every sink. That committed offset is what the registry persists
 * (invariant 2: offsets advance only behind acknowledged events).
 */
public final class OffsetTracker {
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private final LongConsumer onCommit;
    private long committed;

    /**
     * @param initialOffset where reading resumed (the offset already committed)
     * @param onCommit      told each new committed offset; must be cheap (it runs on a sink thread)
     */
    public OffsetTracker(long initialOffset, LongConsumer onCommit) {
        this.committed = initialOffset;
        this.onCommit = onCommit;
    }

    /** Registers the next event, which ends at {@code endOffset}; returns the event's acknowledgement. */
    public synchronized Acknowledgement track(long endOffset) {
        Entry entry = new Entry(endOffset);
        pending.addLast(entry);
        return Acknowledgement.onComplete(() -> done(entry));
    }

    private void done(Entry entry) {
        long newCommitted;
        synchronized (this) {
            entry.done = true;
            long before = committed;
            while (!pending.isEmpty() && pending.peekFirst().done) {
                committed = pending.pollFirst().endOffset;
            }
            if (committed == before) {
                return;
            }
            newCommitted = committed;
        }
        onCommit.accept(newCommitted);
    }

    public synchronized long committed() {
        return committed;
    }

    /** Events read but not yet acknowledged by every sink. */
    public synchronized int inFlight() {
        return pending.size();
    }

    private static final class Entry {
        final long endOffset;
        boolean done;

        Entry(long endOffset) {
            this.endOffset = endOffset;
        }
    }
}
