package io.wharf.core.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * The counters every pipeline component keeps, under one naming scheme:
 * {@code wharf_events_in_total}, {@code _out_total}, {@code _failed_total},
 * {@code _retried_total}, {@code _dropped_total{reason}} and {@code wharf_latency_seconds},
 * each labelled {@code component="sink.elasticsearch"} and so on.
 */
public final class ComponentMetrics {
    private final SelfMetrics registry;
    private final String component;
    private final SelfMetrics.Counter in;
    private final SelfMetrics.Counter out;
    private final SelfMetrics.Counter failed;
    private final SelfMetrics.Counter retried;
    private final SelfMetrics.Summary latency;
    private final Map<String, SelfMetrics.Counter> dropped = new ConcurrentHashMap<>();

    ComponentMetrics(SelfMetrics registry, String component) {
        this.registry = registry;
        this.component = component;
        this.in = registry.counter("wharf_events_in_total", "Events a component received", "component", component);
        this.out = registry.counter("wharf_events_out_total", "Events a component delivered or passed on", "component", component);
        this.failed = registry.counter("wharf_events_failed_total", "Events a component could not process (dead-lettered or tagged)", "component", component);
        this.retried = registry.counter("wharf_events_retried_total", "Event deliveries a component retried", "component", component);
        this.latency = registry.summary("wharf_latency_seconds", "Time a component spent per batch or request", "component", component);
    }

    public String component() {
        return component;
    }

    public SelfMetrics registry() {
        return registry;
    }

    public SelfMetrics.Counter in() {
        return in;
    }

    public SelfMetrics.Counter out() {
        return out;
    }

    public SelfMetrics.Counter failed() {
        return failed;
    }

    public SelfMetrics.Counter retried() {
        return retried;
    }

    public SelfMetrics.Summary latency() {
        return latency;
    }

    /** Events given up on, by reason ({@code queue_full}, {@code dead_letter_failed}, ...): never silent. */
    public SelfMetrics.Counter dropped(String reason) {
        return dropped.computeIfAbsent(reason, r -> registry.counter("wharf_events_dropped_total",
                "Events a component dropped, by reason", "component", component, "reason", r));
    }
}
