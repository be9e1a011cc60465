package io.wharf.autoscaler.decision;

/**
 * One metric as read for one round: its value per instance, or why there is none. The target is
 * carried along so that a decision can be explained from its readings alone.
 */
public record MetricReading(String name, Status status, double value, double target, String detail) {

    public enum Status {
        OK,
        /** No point in the window. */
        MISSING,
        /** Points in the window, but none recent enough to act on. */
        STALE
    }

    public static MetricReading ok(String name, double value, double target) {
        return new MetricReading(name, Status.OK, value, target, null);
    }

    public static MetricReading missing(String name, double target, String detail) {
        return new MetricReading(name, Status.MISSING, Double.NaN, target, detail);
    }

    public static MetricReading stale(String name, double target, String detail) {
        return new MetricReading(name, Status.STALE, Double.NaN, target, detail);
    }

    public boolean usable() {
        return status == Status.OK && Double.isFinite(value);
    }
}
