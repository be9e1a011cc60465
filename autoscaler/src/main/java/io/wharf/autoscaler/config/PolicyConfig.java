package io.wharf.autoscaler.config;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code policies:}: the service (its {@code service} tag in InfluxDB), the
 * orchestrator object that runs it ({@code target}, default: the service name; for Kubernetes
 * {@code deployment/NAME} or {@code statefulset/NAME}), the instance range and the metrics.
 * Defaults follow Kubernetes' HPA where it has one.
 */
public record PolicyConfig(
        String service,
        OrchestratorKind orchestrator,
        String target,
        String namespace,
        Integer minInstances,
        Integer maxInstances,
        Duration window,
        Duration staleAfter,
        Double tolerance,
        Integer maxStep,
        Duration stabilizationWindow,
        Duration cooldown,
        List<MetricConfig> metrics) implements Validated {

    public PolicyConfig {
        orchestrator = orchestrator == null ? OrchestratorKind.SWARM : orchestrator;
        target = target == null ? service : target;
        minInstances = minInstances == null ? 1 : minInstances;
        window = window == null ? Duration.ofMinutes(1) : window;
        staleAfter = staleAfter == null ? window : staleAfter;
        tolerance = tolerance == null ? 0.1 : tolerance;
        maxStep = maxStep == null ? 4 : maxStep;
        stabilizationWindow = stabilizationWindow == null ? Duration.ofMinutes(5) : stabilizationWindow;
        cooldown = cooldown == null ? Duration.ofMinutes(1) : cooldown;
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    @Override
    public void validate(Validation v) {
        v.check(service != null && !service.isBlank(), "service", "is required (the service tag of its metrics)");
        v.check(service == null || !service.contains("'"), "service", "must not contain a quote");
        v.check(maxInstances != null, "max_instances", "is required");
        v.check(minInstances >= 0, "min_instances", "must be 0 or more");
        v.check(maxInstances == null || maxInstances >= Math.max(1, minInstances), "max_instances",
                "must be at least min_instances and at least 1");
        v.check(window.toSeconds() >= 1, "window", "must be at least 1s");
        v.check(staleAfter.toMillis() > 0 && staleAfter.compareTo(window) <= 0, "stale_after", "must be positive and not longer than window");
        v.check(tolerance >= 0 && tolerance < 1, "tolerance", "must be between 0 and 1 (0.1 = 10%)");
        v.check(maxStep >= 1, "max_step", "must be at least 1");
        v.check(!stabilizationWindow.isNegative(), "stabilization_window", "must not be negative");
        v.check(!cooldown.isNegative(), "cooldown", "must not be negative");
        v.check(!metrics.isEmpty(), "metrics", "configure at least one metric");
        v.each("metrics", metrics);
        if (orchestrator == OrchestratorKind.KUBERNETES && target != null) {
            v.check(target.matches("((deployment|statefulset)/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?"), "target",
                    "must be NAME, deployment/NAME or statefulset/NAME");
        }
    }
}
