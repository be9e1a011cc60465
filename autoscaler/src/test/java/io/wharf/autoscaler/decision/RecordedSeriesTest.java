package io.wharf.autoscaler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.autoscaler.decision.Decision.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded series of a service's total CPU (src/test/resources/series) through the
 * decider, one round every 15 s, against a simulated service whose per-instance CPU is the total
 * divided by its instance count and which applies every scale at once.
 */
class RecordedSeriesTest {
    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    private static final double TARGET = 80;

    private record Round(int second, Double totalLoad, MetricReading.Status status) {
    }

    private record Replay(List<Decision> decisions, List<Integer> instancesAfterRound) {
        List<Decision> applied() {
            return decisions.stream().filter(d -> d.outcome() == Outcome.SCALE).toList();
        }

        int instancesAt(int second) {
            return instancesAfterRound.get(second / 15);
        }
    }

    private static List<Round> load(String name) throws IOException {
        List<Round> rounds = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(RecordedSeriesTest.class.getResourceAsStream("/series/" + name)), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                int second = Integer.parseInt(parts[0]);
                switch (parts[1]) {
                    case "missing" -> rounds.add(new Round(second, null, MetricReading.Status.MISSING));
                    case "stale" -> rounds.add(new Round(second, null, MetricReading.Status.STALE));
                    default -> rounds.add(new Round(second, Double.parseDouble(parts[1]), MetricReading.Status.OK));
                }
            }
        }
        return rounds;
    }

    private static Replay replay(String series, ScalingRules rules, int startInstances) throws IOException {
        ScalingDecider decider = new ScalingDecider("dirac-wms", rules);
        int instances = startInstances;
        List<Decision> decisions = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        for (Round r : load(series)) {
            MetricReading reading = switch (r.status()) {
                case OK -> MetricReading.ok("cpu_percent", r.totalLoad() / instances, TARGET);
                case MISSING -> MetricReading.missing("cpu_percent", TARGET, "no points in the window");
                case STALE -> MetricReading.stale("cpu_percent", TARGET, "newest point too old");
            };
            Instant now = T0.plusSeconds(r.second());
            Decision d = decider.decide(new Observation(now, instances, instances, List.of(reading)));
            decisions.add(d);
            if (d.outcome() == Outcome.SCALE) {
                instances = d.target();
                decider.changed(now);
            }
            after.add(instances);
        }
        return new Replay(decisions, after);
    }

    private static ScalingRules defaults() {
        return new ScalingRules(1, 10, 0.1, 4, Duration.ofMinutes(5), Duration.ofMinutes(1));
    }

    @Test
    void rampScalesUpUntilWithinToleranceThenDownOnlyAfterTheStabilizationWindow() throws IOException {
        Replay r = replay("ramp.txt", defaults(), 2);
        // Idle (100% over 2 instances = 50% each): a scale-down needs 5 minutes of evidence first.
        assertThat(r.instancesAt(105)).isEqualTo(2);
        // Load of about 450%: 6 instances give about 75% each, within 10% of the 80% target.
        assertThat(r.instancesAt(300)).isEqualTo(6);
        assertThat(r.instancesAt(585)).isEqualTo(6);
        // Load falls at 600 s; the service stays at 6 for the whole 5-minute window, then goes down.
        for (int s = 600; s < 900; s += 15) {
            assertThat(r.instancesAt(s)).as("t=%ds", s).isEqualTo(6);
        }
        assertThat(r.instancesAt(1785)).isLessThanOrEqualTo(2);
        Decision firstDown = r.applied().stream().filter(d -> d.action() == Decision.Action.DOWN).findFirst().orElseThrow();
        assertThat(firstDown.time()).isAfterOrEqualTo(T0.plusSeconds(600 + 300));
        // Never more than max_step at once.
        assertThat(r.applied()).allSatisfy(d -> assertThat(Math.abs(d.target() - d.current())).isLessThanOrEqualTo(4));
    }

    @Test
    void flappingInputDoesNotOscillate() throws IOException {
        Replay r = replay("flapping.txt", defaults(), 2);
        List<Decision> applied = r.applied();
        assertThat(applied).isNotEmpty();
        // It goes up to cover the peaks and stays: no scale-down while peaks keep coming.
        assertThat(applied).noneMatch(d -> d.action() == Decision.Action.DOWN);
        assertThat(applied.size()).isLessThanOrEqualTo(2);
        int peak = r.instancesAfterRound().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(r.instancesAfterRound().get(r.instancesAfterRound().size() - 1)).isEqualTo(peak);
    }

    @Test
    void missingAndStaleRoundsChangeNothingAndRestartStabilization() throws IOException {
        Replay r = replay("gaps.txt", defaults(), 2);
        for (Decision d : r.decisions()) {
            long second = Duration.between(T0, d.time()).toSeconds();
            boolean gap = second >= 360 && second < 480 || second >= 700 && second < 730 || second >= 900 && second < 960;
            if (gap) {
                assertThat(d.outcome()).as("t=%ds", second).isEqualTo(Outcome.NO_DATA);
                assertThat(d.target()).isEqualTo(d.current());
            }
        }
        // Load fell at 300 s, but the gaps keep restarting the 5-minute window: the first
        // scale-down comes a full window after the last gap ended (960 s).
        Decision firstDown = r.applied().stream().filter(d -> d.action() == Decision.Action.DOWN).findFirst().orElseThrow();
        assertThat(firstDown.time()).isEqualTo(T0.plusSeconds(960 + 300));
    }
}
