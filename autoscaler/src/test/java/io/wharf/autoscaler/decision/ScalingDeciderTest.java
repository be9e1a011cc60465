package io.wharf.autoscaler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.autoscaler.decision.Decision.Action;
import io.wharf.autoscaler.decision.Decision.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy rules one at a time, on hand-made observations. Replays of whole series are in {@link RecordedSeriesTest}. */
class ScalingDeciderTest {
    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    private static ScalingRules rules(int min, int max) {
        return new ScalingRules(min, max, 0.1, 4, Duration.ofMinutes(5), Duration.ofMinutes(1));
    }

    private static Observation cpu(long second, int current, double perInstance) {
        return new Observation(T0.plusSeconds(second), current, current, List.of(MetricReading.ok("cpu_percent", perInstance, 80)));
    }

    @Test
    void withinToleranceNothingChanges() {
        ScalingDecider d = new ScalingDecider("web", rules(1, 10));
        Decision at6 = d.decide(cpu(0, 2, 86)); // ratio 1.075
        assertThat(at6.outcome()).isEqualTo(Outcome.NO_CHANGE);
        assertThat(at6.reason()).isEqualTo("within tolerance");
        Decision at7 = d.decide(cpu(30, 2, 72.5)); // ratio 0.906
        assertThat(at7.outcome()).isEqualTo(Outcome.NO_CHANGE);
        assertThat(at7.target()).isEqualTo(2);
    }

    @Test
    void outsideToleranceButRoundingBackToCurrentIsNotCalledWithinTolerance() {
        ScalingDecider d = new ScalingDecider("web", rules(1, 10));
        Decision d4 = d.decide(cpu(0, 4, 64)); // ratio 0.8, outside 0.1, but ceil(4 * 0.8) = ceil(3.2) = 4
        assertThat(d4.outcome()).isEqualTo(Outcome.NO_CHANGE);
        assertThat(d4.desired()).isEqualTo(4);
        assertThat(d4.reason()).isEqualTo("no change: ceil(current * value / target) is 4");
    }

    @Test
    void outsideToleranceScalesUpAtOnceToCeilOfCurrentTimesRatio() {
        ScalingDecider d = new ScalingDecider("web", rules(1, 10));
        Decision up = d.decide(cpu(0, 2, 90)); // 2 * 90/80 = 2.25 -> 3
        assertThat(up.outcome()).isEqualTo(Outcome.SCALE);
        assertThat(up.action()).isEqualTo(Action.UP);
        assertThat(up.desired()).isEqualTo(3);
        assertThat(up.target()).isEqualTo(3);
    }

    @Test
    void severalMetricsTheLargestDesiredWins() {
        ScalingDecider d = new ScalingDecider("web", rules(1, 10));
        Decision dec = d.decide(new Observation(T0, 3, 3, List.of(
                MetricReading.ok("cpu_percent", 120, 60),              // 3 * 2 = 6
                MetricReading.ok("memory_working_set", 100e6, 200e6),  // 3 * 0.5 = 1.5 -> 2
                MetricReading.ok("requests_per_second", 25, 10))));    // 3 * 2.5 = 7.5 -> 8
        assertThat(dec.metrics()).extracting(Decision.MetricDesire::desired).containsExactly(6, 2, 8);
        assertThat(dec.desired()).isEqualTo(8);
        assertThat(dec.target()).isEqualTo(7); // max_step 4 from 3
    }

    @Test
    void maxStepLimitsEachChange() {
        ScalingDecider d = new ScalingDecider("web", rules(1, 20));
        Decision dec = d.decide(cpu(0, 2, 800)); // 20
        assertThat(dec.desired()).isEqualTo(20);
        assertThat(dec.target()).isEqualTo(6);
        assertThat(dec.reason()).contains("max_step 4");
    }

    @Test
    void recommendationIsClampedToMinAndMax() {
        ScalingDecider high = new ScalingDecider("web", new ScalingRules(2, 5, 0.1, 10, Duration.ZERO, Duration.ZERO));
        Decision up = high.decide(cpu(0, 4, 400)); // 20 -> 5
        assertThat(up.desired()).isEqualTo(20);
        assertThat(up.recommended()).isEqualTo(5);
        assertThat(up.target()).isEqualTo(5);

        ScalingDecider low = new ScalingDecider("web", new ScalingRules(2, 5, 0.1, 10, Duration.ZERO, Duration.ZERO));
        Decision down = low.decide(cpu(0, 4, 1)); // 0.05 -> 1 -> 2
        assertThat(down.recommended()).isEqualTo(2);
        assertThat(down.target()).isEqualTo(2);

        Decision atMax = high.decide(cpu(10, 5, 400));
        assertThat(atMax.outcome()).isEqualTo(Outcome.NO_CHANGE);
        assertThat(atMax.reason()).isEqualTo("at max_instances");
    }

    @Test
    void aCountOutsideTheRangeIsBroughtBackEvenWithoutData() {
        ScalingDecider d = new ScalingDecider("web", rules(2, 5));
        Decision dec = d.decide(new Observation(T0, 9, 9, List.of(MetricReading.missing("cpu_percent", 80, "no points"))));
        assertThat(dec.outcome()).isEqualTo(Outcome.SCALE);
        assertThat(dec.target()).isEqualTo(5);
        Decision up = d.decide(new Observation(T0, 0, 0, List.of(MetricReading.missing("cpu_percent", 80, "no points"))));
        assertThat(up.target()).isEqualTo(2);
        assertThat(up.action()).isEqualTo(Action.UP);
    }

    @Test
    void missingOrStaleDataMeansNoActionAndSaysWhy() {
        ScalingDecider d = new ScalingDecider("web", rules(1, 10));
        Decision missing = d.decide(new Observation(T0, 2, 2, List.of(
                MetricReading.ok("cpu_percent", 400, 80),
                MetricReading.missing("requests_per_second", 10, "no points in the last 60s"))));
        assertThat(missing.outcome()).isEqualTo(Outcome.NO_DATA);
        assertThat(missing.target()).isEqualTo(2);
        assertThat(missing.reason()).contains("requests_per_second missing (no points in the last 60s)");

        Decision stale = d.decide(new Observation(T0.plusSeconds(30), 2, 2, List.of(
                MetricReading.stale("cpu_percent", 80, "newest point 45s old"))));
        assertThat(stale.outcome()).isEqualTo(Outcome.NO_DATA);
        assertThat(stale.reason()).contains("cpu_percent stale (newest point 45s old)");
    }

    @Test
    void scaleDownWaitsForAWholeStabilizationWindowOfLowerRecommendations() {
        ScalingDecider d = new ScalingDecider("web", new ScalingRules(1, 10, 0.1, 4, Duration.ofMinutes(5), Duration.ZERO));
        // Load falls at t=0: every round recommends 2 of the current 6.
        for (int s = 0; s < 300; s += 30) {
            Decision held = d.decide(cpu(s, 6, 20));
            assertThat(held.outcome()).as("t=%ds", s).isEqualTo(Outcome.HELD);
            assertThat(held.reason()).contains("stabilizing");
        }
        Decision down = d.decide(cpu(300, 6, 20));
        assertThat(down.outcome()).isEqualTo(Outcome.SCALE);
        assertThat(down.action()).isEqualTo(Action.DOWN);
        assertThat(down.target()).isEqualTo(2);
    }

    @Test
    void aHigherRecommendationInTheWindowSetsTheFloorOfTheScaleDown() {
        ScalingDecider d = new ScalingDecider("web", new ScalingRules(1, 10, 0.1, 10, Duration.ofMinutes(5), Duration.ZERO));
        d.decide(cpu(0, 6, 20));     // recommends 2
        d.decide(cpu(60, 6, 60));    // recommends 5
        Decision down = d.decide(cpu(300, 6, 20));
        assertThat(down.outcome()).isEqualTo(Outcome.SCALE);
        assertThat(down.target()).as("the highest recommendation of the window").isEqualTo(5);
        Decision held = d.decide(cpu(330, 5, 24)); // recommends 2, but the 5 of t=60 is still in the window
        assertThat(held.outcome()).isEqualTo(Outcome.HELD);
        assertThat(held.reason()).contains("a recommendation of 5 within the stabilization window");
        Decision further = d.decide(cpu(361, 5, 24)); // the 5 left the window at 360 s
        assertThat(further.outcome()).isEqualTo(Outcome.SCALE);
        assertThat(further.target()).isEqualTo(2);
    }

    @Test
    void missingDataRestartsTheStabilizationWindow() {
        ScalingDecider d = new ScalingDecider("web", new ScalingRules(1, 10, 0.1, 10, Duration.ofMinutes(5), Duration.ZERO));
        for (int s = 0; s <= 240; s += 30) {
            d.decide(cpu(s, 6, 20));
        }
        d.decide(new Observation(T0.plusSeconds(270), 6, 6, List.of(MetricReading.missing("cpu_percent", 80, "no points"))));
        Decision after = d.decide(cpu(300, 6, 20));
        assertThat(after.outcome()).isEqualTo(Outcome.HELD);
        assertThat(after.reason()).contains("stabilizing, recommendations lower for 0s");
        assertThat(d.decide(cpu(600, 6, 20)).outcome()).isEqualTo(Outcome.SCALE);
    }

    @Test
    void cooldownHoldsTheNextChangeAfterOneWasApplied() {
        ScalingDecider d = new ScalingDecider("web", new ScalingRules(1, 20, 0.1, 2, Duration.ZERO, Duration.ofMinutes(1)));
        Decision first = d.decide(cpu(0, 2, 400));
        assertThat(first.target()).isEqualTo(4);
        d.changed(T0);
        Decision second = d.decide(cpu(30, 4, 200));
        assertThat(second.outcome()).isEqualTo(Outcome.HELD);
        assertThat(second.reason()).contains("cooldown until 2026-11-21T12:01:00Z");
        assertThat(d.decide(cpu(60, 4, 200)).outcome()).isEqualTo(Outcome.SCALE);
    }

    @Test
    void noScaleDownWhileInstancesAreNotAllRunning() {
        ScalingDecider d = new ScalingDecider("web", new ScalingRules(1, 10, 0.1, 4, Duration.ZERO, Duration.ZERO));
        Decision held = d.decide(new Observation(T0, 4, 3, List.of(MetricReading.ok("cpu_percent", 10, 80))));
        assertThat(held.outcome()).isEqualTo(Outcome.HELD);
        assertThat(held.reason()).contains("only 3 of 4 instances running");
        // Scaling up is still allowed: the missing instance is no reason to refuse capacity.
        Decision up = d.decide(new Observation(T0.plusSeconds(10), 4, 3, List.of(MetricReading.ok("cpu_percent", 160, 80))));
        assertThat(up.outcome()).isEqualTo(Outcome.SCALE);
    }

    @Test
    void aServiceScaledToZeroIsLeftAlone() {
        ScalingDecider d = new ScalingDecider("web", rules(0, 10));
        Decision dec = d.decide(cpu(0, 0, 500));
        assertThat(dec.outcome()).isEqualTo(Outcome.NO_CHANGE);
        assertThat(dec.reason()).contains("scaled to zero");
    }
}
