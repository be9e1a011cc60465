package io.wharf.agent.metrics;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.time.Duration;

/**
 * {@code metrics:}: sample containers and the host every {@code interval}, keep {@code retention}
 * of samples in memory, send points every {@code flush_interval}.
 */
public record MetricsConfig(Boolean enabled, Duration interval, Duration flushInterval, Duration retention) implements Validated {
    public MetricsConfig {
        enabled = enabled == null || enabled;
        interval = interval == null ? Duration.ofSeconds(1) : interval;
        flushInterval = flushInterval == null ? Duration.ofSeconds(10) : flushInterval;
        retention = retention == null ? Duration.ofMinutes(2) : retention;
    }

    @Override
    public void validate(Validation v) {
        v.check(interval.toMillis() >= 100, "interval", "must be at least 100ms");
        v.check(flushInterval.compareTo(interval) >= 0, "flush_interval", "must not be shorter than interval");
    }
}
