package io.wharf.core.retry;

import java.time.Duration;

/**
 * How a failing step is retried before it is given up: exponential backoff with jitter between
 * attempts ({@link Backoff}), at most {@code maxAttempts} attempts (0: never give up).
 */
public record RetryBudget(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {
    public static final RetryBudget DEFAULT = new RetryBudget(Duration.ofMillis(200), Duration.ofSeconds(30), 20);

    public Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }

    public boolean exhausted(int attempts) {
        return maxAttempts > 0 && attempts >= maxAttempts;
    }
}
