package io.wharf.autoscaler.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.autoscaler.decision.Decision;
import io.wharf.autoscaler.decision.Decision.Action;
import io.wharf.autoscaler.decision.Decision.MetricDesire;
import io.wharf.autoscaler.decision.Decision.Outcome;
import io.wharf.autoscaler.decision.MetricReading.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision's points, in the fixed schema the Grafana autoscaler dashboard queries. */
class DecisionLogTest {
    private static final Instant T = Instant.parse("2026-11-21T20:00:00.123Z");

    @Test
    void oneDecisionPointAndOnePointPerMetricWithFixedNames() {
        Decision d = new Decision(T, "dirac_filecatalog", 2, 2,
                List.of(new MetricDesire("cpu_percent", Status.OK, 160.0, 80.0, 4, null),
                        new MetricDesire("requests_per_second", Status.OK, 3.5, 10.0, 1, null)),
                4, 4, 4, Action.UP, Outcome.APPLIED, "cpu_percent 160/80");

        String[] lines = DecisionLog.toLine("swarm", d).split("\n");

        assertThat(lines).containsExactly(
                "wharf_autoscaler,action=up,orchestrator=swarm,outcome=applied,service=dirac_filecatalog"
                        + " current=2i,running=2i,desired=4i,recommended=4i,target=4i,applied=true,reason=\"cpu_percent 160/80\" 1795291200123",
                "wharf_autoscaler_metric,metric=cpu_percent,orchestrator=swarm,service=dirac_filecatalog"
                        + " value=160.0,target=80.0,desired=4i 1795291200123",
                "wharf_autoscaler_metric,metric=requests_per_second,orchestrator=swarm,service=dirac_filecatalog"
                        + " value=3.5,target=10.0,desired=1i 1795291200123");
    }

    @Test
    void whatTheDecisionDoesNotHaveIsLeftOutNotWrittenAsZero() {
        Decision d = new Decision(T, "svc with space", 3, 1,
                List.of(new MetricDesire("response_time_p95", Status.MISSING, null, 0.5, null, "no point")),
                null, null, 3, Action.NONE, Outcome.NO_DATA, "no action: response_time_p95 missing \"x\"");

        String[] lines = DecisionLog.toLine("kubernetes", d).split("\n");

        assertThat(lines).containsExactly(
                "wharf_autoscaler,action=none,orchestrator=kubernetes,outcome=no_data,service=svc\\ with\\ space"
                        + " current=3i,running=1i,target=3i,applied=false,reason=\"no action: response_time_p95 missing \\\"x\\\"\" 1795291200123",
                "wharf_autoscaler_metric,metric=response_time_p95,orchestrator=kubernetes,service=svc\\ with\\ space"
                        + " target=0.5 1795291200123");
    }

    @Test
    void aDryRunIsNotApplied() {
        Decision d = new Decision(T, "s", 1, 1, List.of(), 2, 2, 2, Action.UP, Outcome.DRY_RUN, "dry run");
        assertThat(DecisionLog.toLine("swarm", d))
                .isEqualTo("wharf_autoscaler,action=up,orchestrator=swarm,outcome=dry_run,service=s"
                        + " current=1i,running=1i,desired=2i,recommended=2i,target=2i,applied=false,reason=\"dry run\" 1795291200123");
    }
}
