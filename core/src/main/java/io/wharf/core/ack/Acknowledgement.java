package io.wharf.core.ack;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reference count on one event. The source holds one reference when it creates the event; the
 * publisher adds one per sink the event is routed to and then drops the source's; each sink drops
 * its reference once the event is delivered, dead-lettered or counted as dropped. When the count
 * reaches zero, {@code onComplete} runs: that is how a source learns that every sink is done.
 */
public final class Acknowledgement {
    /** For events nobody waits for (metrics sampled again next round). */
    public static final Acknowledgement NONE = new Acknowledgement(null);

    private final AtomicInteger holders = new AtomicInteger(1);
    private final Runnable onComplete;

    private Acknowledgement(Runnable onComplete) {
        this.onComplete = onComplete;
    }

    public static Acknowledgement onComplete(Runnable onComplete) {
        return new Acknowledgement(java.util.Objects.requireNonNull(onComplete));
    }

    /** Adds {@code n} holders; called before handing the event to {@code n} more consumers. */
    public void retain(int n) {
        if (onComplete == null || n == 0) {
            return;
        }
        int before = holders.getAndAdd(n);
        if (before <= 0) {
            throw new IllegalStateException("retain after the acknowledgement completed");
        }
    }

    /** Drops one holder; the last one completes the acknowledgement. */
    public void release() {
        if (onComplete == null) {
            return;
        }
        int left = holders.decrementAndGet();
        if (left == 0) {
            onComplete.run();
        } else if (left < 0) {
            throw new IllegalStateException("acknowledgement released more often than retained");
        }
    }

    public boolean isComplete() {
        return onComplete != null && holders.get() == 0;
    }
}
