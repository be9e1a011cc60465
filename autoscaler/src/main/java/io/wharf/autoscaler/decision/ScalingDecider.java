package io.wharf.autoscaler.decision;

import io.wharf.autoscaler.decision.Decision.Action;
import io.wharf.autoscaler.decision.Decision.MetricDesire;
import io.wharf.autoscaler.decision.Decision.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The scaling policy of one service, as Kubernetes' HPA decides, with no I/O: time comes in with
 * each observation, so the rules can be replayed on recorded series.
 *
 * <ol>
 *   <li>Out of [min, max]: back into range at once (like the HPA).</li>
 *   <li>Any metric missing or stale: no action.</li>
 *   <li>Per metric {@code ceil(current * value / target)}, or {@code current} within the tolerance;
 *       the largest wins; clamped to [min, max]. That is the round's recommendation.</li>
 *   <li>Up: at once, by at most {@code max_step}, not within the cooldown.</li>
 *   <li>Down: to the highest recommendation of the stabilisation window, only once the window is
 *       covered and every recommendation in it was lower than current; by at most
 *       {@code max_step}; not while instances are missing; not within the cooldown.</li>
 * </ol>
 */
public final class ScalingDecider {
    private record Recommendation(Instant time, int instances) {
    }

    private final String service;
    private final ScalingRules rules;
    private final Deque<Recommendation> history = new ArrayDeque<>();
    /** Since when recommendations have been made without a gap; stabilisation must cover a whole window. */
    private Instant recommendingSince;
    private Instant lastChange;

    public ScalingDecider(String service, ScalingRules rules) {
        this.service = service;
        this.rules = rules;
    }

    public ScalingRules rules() {
        return rules;
    }

    /** Tells the decider that a change was applied at {@code time}: the cooldown starts. */
    public void changed(Instant time) {
        lastChange = time;
    }

    public Decision decide(Observation o) {
        Instant now = o.time();
        int current = o.current();
        List<MetricReading> readings = o.readings();

        if (current > rules.maxInstances() || current < rules.minInstances()) {
            int target = Math.max(rules.minInstances(), Math.min(rules.maxInstances(), current));
            List<MetricDesire> metrics = readings.stream().map(r -> desire(r, current)).toList();
            return new Decision(now, service, current, o.running(), metrics, null, target, target,
                    target > current ? Action.UP : Action.DOWN, Outcome.SCALE,
                    "current " + current + " is outside [" + rules.minInstances() + ", " + rules.maxInstances() + "]");
        }

        List<MetricReading> unusable = readings.stream().filter(r -> !r.usable()).toList();
        if (!unusable.isEmpty() || readings.isEmpty()) {
            // No recommendation this round: stabilisation must start again from a full window.
            history.clear();
            recommendingSince = null;
            String why = unusable.stream()
                    .map(r -> r.name() + " " + r.status().name().toLowerCase() + (r.detail() == null ? "" : " (" + r.detail() + ")"))
                    .collect(Collectors.joining("; "));
            return new Decision(now, service, current, o.running(), readings.stream().map(r -> desire(r, current)).toList(),
                    null, null, current, Action.NONE, Outcome.NO_DATA, "no action: " + (why.isEmpty() ? "no metrics" : why));
        }

        if (current == 0) {
            return new Decision(now, service, 0, o.running(), readings.stream().map(r -> desire(r, 0)).toList(), 0, 0, 0,
                    Action.NONE, Outcome.NO_CHANGE, "scaled to zero: per-instance metrics need at least one instance");
        }

        List<MetricDesire> metrics = readings.stream().map(r -> desire(r, current)).toList();
        int desired = metrics.stream().mapToInt(MetricDesire::desired).max().orElse(current);
        int recommended = Math.max(rules.minInstances(), Math.min(rules.maxInstances(), desired));
        remember(now, recommended);

        if (recommended > current) {
            int target = Math.min(recommended, current + rules.maxStep());
            String step = target < recommended ? " (max_step " + rules.maxStep() + ")" : "";
            if (inCooldown(now)) {
                return new Decision(now, service, current, o.running(), metrics, desired, recommended, current, Action.UP,
                        Outcome.HELD, "scale-up to " + target + " held: cooldown until " + lastChange.plus(rules.cooldown()));
            }
            return new Decision(now, service, current, o.running(), metrics, desired, recommended, target, Action.UP,
                    Outcome.SCALE, "scale up to " + target + step);
        }

        if (recommended < current) {
            Duration covered = Duration.between(recommendingSince, now);
            int highest = history.stream().mapToInt(Recommendation::instances).max().orElse(current);
            if (highest >= current) {
                return held(o, metrics, desired, recommended, "scale-down held: a recommendation of " + highest
                        + " within the stabilization window (" + rules.stabilizationWindow().toSeconds() + "s)");
            }
            if (covered.compareTo(rules.stabilizationWindow()) < 0) {
                return held(o, metrics, desired, recommended, "scale-down held: stabilizing, recommendations lower for "
                        + covered.toSeconds() + "s of " + rules.stabilizationWindow().toSeconds() + "s");
            }
            int target = Math.max(highest, current - rules.maxStep());
            if (o.running() < current) {
                return held(o, metrics, desired, recommended, "scale-down held: only " + o.running() + " of " + current + " instances running");
            }
            if (inCooldown(now)) {
                return held(o, metrics, desired, recommended, "scale-down to " + target + " held: cooldown until "
                        + lastChange.plus(rules.cooldown()));
            }
            String step = target > highest ? " (max_step " + rules.maxStep() + ")" : "";
            return new Decision(now, service, current, o.running(), metrics, desired, recommended, target, Action.DOWN,
                    Outcome.SCALE, "scale down to " + target + step);
        }

        String why = desired > current ? "at max_instances" : desired < current ? "at min_instances"
                : withinTolerance(readings) ? "within tolerance"
                // outside the band, but ceil(current * ratio) comes back to current: say so, not "within tolerance"
                : "no change: ceil(current * value / target) is " + current;
        return new Decision(now, service, current, o.running(), metrics, desired, recommended, current, Action.NONE,
                Outcome.NO_CHANGE, why);
    }

    private Decision held(Observation o, List<MetricDesire> metrics, int desired, int recommended, String reason) {
        return new Decision(o.time(), service, o.current(), o.running(), metrics, desired, recommended, o.current(),
                Action.DOWN, Outcome.HELD, reason);
    }

    private boolean inCooldown(Instant now) {
        return lastChange != null && now.isBefore(lastChange.plus(rules.cooldown()));
    }

    private void remember(Instant now, int recommended) {
        if (recommendingSince == null) {
            recommendingSince = now;
        }
        history.addLast(new Recommendation(now, recommended));
        Instant horizon = now.minus(rules.stabilizationWindow());
        while (!history.isEmpty() && history.peekFirst().time().isBefore(horizon)) {
            history.removeFirst();
        }
    }

    private boolean withinTolerance(List<MetricReading> readings) {
        return readings.stream().allMatch(r -> Math.abs(r.value() / r.target() - 1.0) <= rules.tolerance());
    }

    /** {@code ceil(current * value / target)}, or {@code current} when the ratio is within the tolerance. */
    private MetricDesire desire(MetricReading r, int current) {
        if (!r.usable()) {
            return new MetricDesire(r.name(), r.status(), null, r.target(), null, r.detail());
        }
        double ratio = r.value() / r.target();
        int desired = Math.abs(ratio - 1.0) <= rules.tolerance() ? current : (int) Math.ceil(current * ratio - 1e-9);
        return new MetricDesire(r.name(), r.status(), r.value(), r.target(), desired, null);
    }

    /** The recommendations kept for the stabilisation window (for tests and the API). */
    List<Integer> recommendations() {
        return new ArrayList<>(history.stream().map(Recommendation::instances).toList());
    }
}
