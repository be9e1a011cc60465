package io.wharf.agent.metrics;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.time.Duration;

/**
 * {@code metrics:}: sample containers and the host every {@code interval}, keep {@code retention}
 * of samples in memory, send points every {@code flush_interval}.
 *
 * @param procPath     the host's /proc (set it to where /proc is mounted when the agent itself runs
 *                     in a container, e.g. /host/proc); cgroups are found from PROC/PID/cgroup and
 *                     PROC/self/mountinfo
 * @param diracRequests publish {@code dirac_requests} points from parsed DIRAC logs
 */
public record MetricsConfig(Boolean enabled, Duration interval, Duration flushInterval, Duration retention,
                            String procPath, Boolean diracRequests) implements Validated {
    public MetricsConfig {
        enabled = enabled == null || enabled;
        interval = interval == null ? Duration.ofSeconds(1) : interval;
        flushInterval = flushInterval == null ? Duration.ofSeconds(10) : flushInterval;
        retention = retention == null ? Duration.ofMinutes(2) : retention;
        procPath = procPath == null ? "/proc" : procPath;
        diracRequests = diracRequests == null || diracRequests;
    }

    /** Every default: enabled, 1 s samples, 10 s flushes, 2 minutes in memory. */
    public static MetricsConfig defaults() {
        return new MetricsConfig(null, null, null, null, null, null);
    }

    @Override
    public void validate(Validation v) {
        v.check(interval.toMillis() >= 100, "interval", "must be at least 100ms");
        v.check(flushInterval.compareTo(interval) >= 0, "flush_interval", "must not be shorter than interval");
        // points are built right after every (flush_interval / interval)-th round
        v.check(interval.isZero() || flushInterval.toMillis() % interval.toMillis() == 0, "flush_interval",
                "must be a multiple of interval (" + io.wharf.core.config.Durations.format(interval) + ")");
        v.check(retention.compareTo(interval) >= 0, "retention", "must not be shorter than interval");
        v.check(!procPath.isEmpty(), "proc_path", "must be a directory such as /proc");
    }
}
