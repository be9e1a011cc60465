package io.wharf.autoscaler.decision;

import io.wharf.autoscaler.config.PolicyConfig;
import java.time.Duration;

/** The limits a decision keeps to; see docs/autoscaler.md for how each is applied. */
public record ScalingRules(int minInstances, int maxInstances, double tolerance, int maxStep,
                           Duration stabilizationWindow, Duration cooldown) {

    public static ScalingRules of(PolicyConfig p) {
        return new ScalingRules(p.minInstances(), p.maxInstances(), p.tolerance(), p.maxStep(), p.stabilizationWindow(), p.cooldown());
    }
}
