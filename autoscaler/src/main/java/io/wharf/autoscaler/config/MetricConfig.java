package io.wharf.autoscaler.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.wharf.core.config.ByteSize;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;

/**
 * One metric of a policy and its target per instance. {@code target} is a number (a size such
 * as {@code 512MiB} for memory). A {@code query} metric runs the operator's InfluxQL, where
 * {@code $service}, {@code $window} and {@code $timeFilter} are replaced; its single value is
 * per instance, or for the whole service when {@code per_instance: false}.
 */
public record MetricConfig(MetricType type, String target, String query, String name, Boolean perInstance) implements Validated {

    public MetricConfig {
        perInstance = perInstance == null || perInstance;
    }

    /** The name used in logs, decisions and the API. */
    @JsonIgnore
    public String displayName() {
        return name != null ? name : type == null ? "?" : type.name().toLowerCase();
    }

    /** The target as a number (bytes for memory). */
    @JsonIgnore
    public double targetValue() {
        String t = target.trim();
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            if (type == MetricType.MEMORY_WORKING_SET) {
                return ByteSize.parse(t).bytes();
            }
            throw e;
        }
    }

    @Override
    public void validate(Validation v) {
        v.check(type != null, "type", "is required (cpu_percent, memory_working_set, requests_per_second, response_time_p95 or query)");
        v.check(target != null, "target", "is required (the value per instance to keep)");
        if (target != null) {
            double value;
            try {
                value = targetValue();
            } catch (IllegalArgumentException e) {
                value = Double.NaN;
            }
            v.check(value > 0, "target", type == MetricType.MEMORY_WORKING_SET
                    ? "must be a positive size (bytes, or 512MiB, 2GiB)" : "must be a positive number");
        }
        v.check(type != MetricType.QUERY || query != null && !query.isBlank(), "query", "is required for type query");
        v.check(type == MetricType.QUERY || query == null, "query", "is only used with type query");
        v.check(type != MetricType.QUERY || name != null, "name", "is required for type query (it names the metric in decisions)");
        v.check(name == null || name.matches("[a-z][a-z0-9_]*"), "name", "must be snake_case (letters, digits, _)");
    }
}
