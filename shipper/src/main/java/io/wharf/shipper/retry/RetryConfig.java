package io.wharf.shipper.retry;

import io.wharf.core.config.Validated;
import io.wharf.core.retry.Backoff;
import io.wharf.core.retry.RetryBudget;
import io.wharf.core.config.Validation;
import java.time.Duration;

/**
 * {@code retry: {initial_backoff: 200ms, max_backoff: 30s, max_item_attempts: 20}}.
 * A server that is down or overloaded as a whole is retried without limit (the queue fills and
 * the readers pause: backpressure, nothing lost). One event the server keeps refusing with a
 * retryable status is given up after {@code max_item_attempts} and dead-lettered, so a single
 * poisoned event cannot stall its sink for ever; 0 means never give up.
 */
public record RetryConfig(Duration initialBackoff, Duration maxBackoff, Integer maxItemAttempts) implements Validated {
    public static final RetryConfig DEFAULT = new RetryConfig(null, null, null);

    public RetryConfig {
        initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
        maxItemAttempts = maxItemAttempts == null ? 20 : maxItemAttempts;
    }

    /** The same settings as the core's retry budget (what the pipeline uses for a batch whose write threw). */
    public RetryBudget budget() {
        return new RetryBudget(initialBackoff, maxBackoff, maxItemAttempts);
    }

    public Backoff backoff() {
        return budget().backoff();
    }

    public boolean exhausted(int attempts) {
        return budget().exhausted(attempts);
    }

    @Override
    public void validate(Validation v) {
        v.check(!initialBackoff.isNegative() && !initialBackoff.isZero(), "initial_backoff", "must be positive");
        v.check(maxBackoff.compareTo(initialBackoff) >= 0, "max_backoff", "must be at least initial_backoff");
        v.check(maxItemAttempts >= 0, "max_item_attempts", "must be 0 (never give up) or positive");
    }
}
