package io.wharf.autoscaler;

import io.wharf.autoscaler.config.MetricConfig;
import io.wharf.autoscaler.config.PolicyConfig;
import io.wharf.autoscaler.decision.Decision;
import io.wharf.autoscaler.decision.Decision.Outcome;
import io.wharf.autoscaler.decision.MetricReading;
import io.wharf.autoscaler.decision.Observation;
import io.wharf.autoscaler.decision.ScalingDecider;
import io.wharf.autoscaler.decision.ScalingRules;
import io.wharf.autoscaler.metrics.MetricsReader;
import io.wharf.autoscaler.orchestrator.Orchestrator;
import io.wharf.autoscaler.orchestrator.Orchestrator.Applied;
import io.wharf.autoscaler.orchestrator.Orchestrator.Instances;
import io.wharf.autoscaler.orchestrator.Orchestrator.ScaleResult;
import io.wharf.autoscaler.orchestrator.OrchestratorException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One round for one policy: read the instances and the metrics, decide, act (or not), and say what happened. */
final class PolicyRunner {
    private final PolicyConfig policy;
    private final Orchestrator orchestrator;
    private final MetricsReader metrics;
    private final ScalingDecider decider;
    private final String address;

    PolicyRunner(PolicyConfig policy, Orchestrator orchestrator, MetricsReader metrics) {
        this.policy = policy;
        this.orchestrator = orchestrator;
        this.metrics = metrics;
        this.decider = new ScalingDecider(policy.service(), ScalingRules.of(policy));
        this.address = orchestrator.address(policy);
    }

    String orchestratorKind() {
        return orchestrator.kind();
    }

    Decision round(Instant now, boolean dryRun) {
        Instances instances;
        try {
            instances = orchestrator.instances(address);
        } catch (OrchestratorException e) {
            return new Decision(now, policy.service(), 0, 0, List.of(), null, null, 0, Decision.Action.NONE, Outcome.FAILED,
                    "cannot read instances: " + e.getMessage());
        }
        List<MetricReading> readings = new ArrayList<>();
        for (MetricConfig m : policy.metrics()) {
            try {
                readings.add(metrics.read(m, policy.service(), policy.window(), policy.staleAfter(), instances.desired()));
            } catch (IOException | RuntimeException e) {
                readings.add(MetricReading.missing(m.displayName(), m.targetValue(), "query failed: " + e.getMessage()));
            }
        }
        Decision d = decider.decide(new Observation(now, instances.desired(), instances.running(), readings));
        if (d.outcome() != Outcome.SCALE) {
            return d;
        }
        if (dryRun) {
            return d.withOutcome(Outcome.DRY_RUN, "dry run: would " + d.reason());
        }
        try {
            ScaleResult result = orchestrator.scale(address, d.target());
            if (result instanceof Applied) {
                decider.changed(now);
                return d.withOutcome(Outcome.APPLIED, d.reason() + ": " + result.detail());
            }
            return d.withOutcome(Outcome.REFUSED, d.reason() + " refused, retrying next round: " + result.detail());
        } catch (OrchestratorException e) {
            return d.withOutcome(Outcome.FAILED, d.reason() + " failed: " + e.getMessage());
        }
    }
}
