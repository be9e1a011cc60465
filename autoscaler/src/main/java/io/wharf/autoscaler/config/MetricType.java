package io.wharf.autoscaler.config;

/** What a policy metric measures, and where it is read from. */
public enum MetricType {
    /** Mean {@code usage_percent} per container of {@code docker_container_cpu} (100 = one core). */
    CPU_PERCENT,
    /** Mean {@code working_set} bytes per container of {@code docker_container_mem}. */
    MEMORY_WORKING_SET,
    /** {@code sum(requests)} of {@code dirac_requests} over the window, per second, per instance. */
    REQUESTS_PER_SECOND,
    /** Mean {@code response_time_p95} (seconds) of {@code dirac_requests}. */
    RESPONSE_TIME_P95,
    /** The operator's InfluxQL query, returning one value. */
    QUERY
}
