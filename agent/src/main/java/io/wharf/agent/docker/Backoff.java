package io.wharf.agent.docker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter between reconnection attempts: {@code initial}, doubling up to {@code max}. */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.nextMillis = initialMillis;
    }

    /** The wait before the next attempt (within ±20% of the nominal delay, so many agents do not retry in step). */
    long nextMillis() {
        long nominal = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        long jitter = nominal / 5;
        return Math.min(maxMillis, Math.max(1, nominal - jitter + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(2 * jitter + 1))));
    }

    void reset() {
        nextMillis = initialMillis;
    }
}
