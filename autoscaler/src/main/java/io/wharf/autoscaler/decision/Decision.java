package io.wharf.autoscaler.decision;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the autoscaler decided for a service in one round, and what became of it: the readings,
 * each metric's desired count, the current count, the count it asked for ({@code target}) and the
 * outcome with its reason. This is what is logged, written to InfluxDB and shown by the API.
 */
public record Decision(
        Instant time,
        String service,
        int current,
        int running,
        List<MetricDesire> metrics,
        Integer desired,
        Integer recommended,
        int target,
        Action action,
        Outcome outcome,
        String reason) {

    public Decision {
        metrics = List.copyOf(metrics);
    }

    /** One metric's reading and the instance count it alone asks for (null without data). */
    public record MetricDesire(String name, MetricReading.Status status, Double value, double target, Integer desired, String detail) {
    }

    public enum Action {
        UP, DOWN, NONE
    }

    public enum Outcome {
        /** Decided to scale; not yet tried. */
        SCALE,
        /** The orchestrator accepted the new count. */
        APPLIED,
        /** Would have scaled; --dry-run. */
        DRY_RUN,
        /** Nothing to do: within tolerance, or at a limit. */
        NO_CHANGE,
        /** A change is wanted but a safety rule holds it (cooldown, stabilisation, instances not running). */
        HELD,
        /** Missing or stale metrics: no action. */
        NO_DATA,
        /** The orchestrator refused (deployment in progress, version conflict): retried next round. */
        REFUSED,
        /** Reading or scaling failed. */
        FAILED
    }

    public Decision withOutcome(Outcome outcome, String reason) {
        return new Decision(time, service, current, running, metrics, desired, recommended, target, action, outcome, reason);
    }

    /** One line for the log: {@code service=x current=2 desired=4 target=4 up applied (cpu_percent=160.0/80.0->4)}. */
    public String summary() {
        String readings = metrics.stream()
                .map(m -> m.name() + "=" + (m.value() == null ? m.status().name().toLowerCase() : String.format("%.3g", m.value()))
                        + "/" + String.format("%.3g", m.target()) + (m.desired() == null ? "" : "->" + m.desired()))
                .collect(Collectors.joining(" "));
        return "service=" + service + " current=" + current + " running=" + running
                + " desired=" + (desired == null ? "-" : desired) + " target=" + target
                + " action=" + action.name().toLowerCase() + " outcome=" + outcome.name().toLowerCase()
                + " [" + readings + "] " + reason;
    }
}
