package io.wharf.core.pipeline;

/** What a full queue does with a new event. */
public enum OverflowPolicy {
    /** Wait for room: the readers pause (backpressure). Nothing is lost. The default. */
    BLOCK,
    /** Evict the oldest queued events to make room; each is counted as dropped with reason {@code queue_full}. */
    DROP_OLDEST
}
