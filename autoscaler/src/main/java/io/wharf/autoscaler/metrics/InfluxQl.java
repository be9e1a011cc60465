package io.wharf.autoscaler.metrics;

import io.wharf.autoscaler.config.MetricConfig;
import io.wharf.autoscaler.config.MetricType;
import java.time.Duration;

/**
 * The InfluxQL statements behind each metric type, on the agent's schema (Telegraf's docker input
 * names plus {@code dirac_requests}). Each metric is two statements: the value over the window, and
 * the newest point over a longer look-back, which tells stale data from missing data.
 */
public final class InfluxQl {
    /** How far back the newest point is looked for: this many windows. */
    static final int LOOK_BACK_WINDOWS = 10;

    private final String retentionPolicy;

    public InfluxQl(String retentionPolicy) {
        this.retentionPolicy = retentionPolicy;
    }

    /** Value statement; per-container types are grouped by {@code container_name}. */
    public String value(MetricConfig metric, String service, Duration window) {
        return switch (metric.type()) {
            case CPU_PERCENT -> "SELECT mean(\"usage_percent\") FROM " + from("docker_container_cpu")
                    + " WHERE " + serviceIs(service) + " AND \"cpu\" = 'cpu-total' AND " + timeFilter(window) + " GROUP BY \"container_name\"";
            case MEMORY_WORKING_SET -> "SELECT mean(\"working_set\") FROM " + from("docker_container_mem")
                    + " WHERE " + serviceIs(service) + " AND " + timeFilter(window) + " GROUP BY \"container_name\"";
            case REQUESTS_PER_SECOND -> "SELECT sum(\"requests\") FROM " + from("dirac_requests")
                    + " WHERE " + serviceIs(service) + " AND " + timeFilter(window);
            case RESPONSE_TIME_P95 -> "SELECT mean(\"response_time_p95\") FROM " + from("dirac_requests")
                    + " WHERE " + serviceIs(service) + " AND " + timeFilter(window);
            case QUERY -> metric.query()
                    .replace("$timeFilter", timeFilter(window))
                    .replace("$window", seconds(window))
                    .replace("$service", escape(service));
        };
    }

    /** Newest point per container (or for the service) over {@link #LOOK_BACK_WINDOWS} windows; null for operator queries. */
    public String newest(MetricConfig metric, String service, Duration window) {
        Duration lookBack = window.multipliedBy(LOOK_BACK_WINDOWS);
        return switch (metric.type()) {
            case CPU_PERCENT -> "SELECT last(\"usage_percent\") FROM " + from("docker_container_cpu")
                    + " WHERE " + serviceIs(service) + " AND \"cpu\" = 'cpu-total' AND " + timeFilter(lookBack) + " GROUP BY \"container_name\"";
            case MEMORY_WORKING_SET -> "SELECT last(\"working_set\") FROM " + from("docker_container_mem")
                    + " WHERE " + serviceIs(service) + " AND " + timeFilter(lookBack) + " GROUP BY \"container_name\"";
            case REQUESTS_PER_SECOND -> "SELECT last(\"requests\") FROM " + from("dirac_requests")
                    + " WHERE " + serviceIs(service) + " AND " + timeFilter(lookBack);
            case RESPONSE_TIME_P95 -> "SELECT last(\"response_time_p95\") FROM " + from("dirac_requests")
                    + " WHERE " + serviceIs(service) + " AND " + timeFilter(lookBack);
            case QUERY -> null;
        };
    }

    public static boolean perContainer(MetricType type) {
        return type == MetricType.CPU_PERCENT || type == MetricType.MEMORY_WORKING_SET;
    }

    private String from(String measurement) {
        return retentionPolicy == null ? '"' + measurement + '"' : '"' + retentionPolicy + "\".\"" + measurement + '"';
    }

    private static String serviceIs(String service) {
        return "\"service\" = '" + escape(service) + "'";
    }

    private static String timeFilter(Duration d) {
        return "time > now() - " + seconds(d);
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    /** An InfluxQL string literal's content: backslash and quote escaped. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }
}
