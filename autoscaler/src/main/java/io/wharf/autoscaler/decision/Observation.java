package io.wharf.autoscaler.decision;

import java.time.Instant;
import java.util.List;

/**
 * What one round saw of a service: the instance count the orchestrator is asked to keep
 * ({@code current}), how many of them run, and the metric readings.
 */
public record Observation(Instant time, int current, int running, List<MetricReading> readings) {
    public Observation {
        readings = List.copyOf(readings);
    }
}
