package io.wharf.agent.metrics;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.agent.logs.Glob;
import java.time.Duration;
import java.util.List;

/**
 * {@code metrics:}: sample containers and the host every {@code interval}, keep {@code retention}
 * of samples in memory, send points every {@code flush_interval}.
 *
 * @param procPath     the host's /proc (set it to where /proc is mounted when the agent itself runs
 *                     in a container, e.g. /host/proc); cgroups are found from PROC/PID/cgroup and
 *                     PROC/self/mountinfo
 * @param diracRequests publish {@code dirac_requests} points from parsed DIRAC logs
 * @param dockerLabelInclude container labels written as tags of the InfluxDB points (globs, as
 *                     Telegraf's {@code docker_label_include}); none listed means every label
 * @param dockerLabelExclude labels left out (globs, Telegraf's {@code docker_label_exclude}), after the include list
 * @param storeContainerLabels every container label as a {@code container_label_<name>} label on
 *                     /metrics (cAdvisor's {@code -store_container_labels}, on by default)
 * @param envMetadataWhitelist environment variables, by name prefix, written as {@code container_env_<name>}
 *                     labels on /metrics (cAdvisor's {@code -docker_env_metadata_whitelist}); none by default
 * @param influxdbSchemas the measurement schemas of container points: {@code telegraf} (the
 *                     default), {@code cadvisor} (cAdvisor's InfluxDB storage driver), or both
 */
public record MetricsConfig(Boolean enabled, Duration interval, Duration flushInterval, Duration retention,
                            String procPath, Boolean diracRequests, List<String> dockerLabelInclude,
                            List<String> dockerLabelExclude, Boolean storeContainerLabels, List<String> envMetadataWhitelist,
                            List<String> influxdbSchemas) implements Validated {
    public static final String TELEGRAF = "telegraf";
    public static final String CADVISOR = "cadvisor";

    public MetricsConfig {
        enabled = enabled == null || enabled;
        interval = interval == null ? Duration.ofSeconds(1) : interval;
        flushInterval = flushInterval == null ? Duration.ofSeconds(10) : flushInterval;
        retention = retention == null ? Duration.ofMinutes(2) : retention;
        procPath = procPath == null ? "/proc" : procPath;
        diracRequests = diracRequests == null || diracRequests;
        dockerLabelInclude = dockerLabelInclude == null ? List.of() : List.copyOf(dockerLabelInclude);
        dockerLabelExclude = dockerLabelExclude == null ? List.of() : List.copyOf(dockerLabelExclude);
        storeContainerLabels = storeContainerLabels == null || storeContainerLabels;
        envMetadataWhitelist = envMetadataWhitelist == null ? List.of() : List.copyOf(envMetadataWhitelist);
        influxdbSchemas = influxdbSchemas == null || influxdbSchemas.isEmpty() ? List.of(TELEGRAF) : List.copyOf(influxdbSchemas);
    }

    /** The sampling settings only; every naming option at its default. */
    public MetricsConfig(Boolean enabled, Duration interval, Duration flushInterval, Duration retention, String procPath,
                         Boolean diracRequests) {
        this(enabled, interval, flushInterval, retention, procPath, diracRequests, null, null, null, null, null);
    }

    /** Every default: enabled, 1 s samples, 10 s flushes, 2 minutes in memory. */
    public static MetricsConfig defaults() {
        return new MetricsConfig(null, null, null, null, null, null);
    }

    /** Telegraf's label filter: a label is a tag if it matches an include glob (or none is given) and no exclude glob. */
    public boolean labelAsTag(String label) {
        return (dockerLabelInclude.isEmpty() || dockerLabelInclude.stream().anyMatch(g -> Glob.matches(g, label)))
                && dockerLabelExclude.stream().noneMatch(g -> Glob.matches(g, label));
    }

    @Override
    public void validate(Validation v) {
        v.check(interval.toMillis() >= 100, "interval", "must be at least 100ms");
        v.check(flushInterval.compareTo(interval) >= 0, "flush_interval", "must not be shorter than interval");
        // points are built right after every (flush_interval / interval)-th round
        v.check(interval.isZero() || flushInterval.toMillis() % interval.toMillis() == 0, "flush_interval",
                "must be a multiple of interval (" + io.wharf.core.config.Durations.format(interval) + ")");
        v.check(retention.compareTo(interval) >= 0, "retention", "must not be shorter than interval");
        v.check(!procPath.isEmpty(), "proc_path", "must be a directory such as /proc");
        for (String schema : influxdbSchemas) {
            v.check(schema.equals(TELEGRAF) || schema.equals(CADVISOR), "influxdb_schemas",
                    "unknown schema '" + schema + "': use telegraf, cadvisor or both");
        }
        v.check(envMetadataWhitelist.stream().noneMatch(String::isEmpty), "env_metadata_whitelist", "must not hold an empty name");
    }
}
