package io.wharf.agent;

import io.wharf.agent.docker.DockerConfig;
import io.wharf.agent.http.HttpConfig;
import io.wharf.agent.logs.LogsConfig;
import io.wharf.agent.metrics.MetricsConfig;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.shipper.OutputsConfig;

/**
 * The agent's configuration file (agent.yml), one section per concern, like filebeat.yml.
 * Absent sections take their defaults.
 */
public record AgentConfig(
        AgentSection agent,
        DockerConfig docker,
        LogsConfig logs,
        MetricsConfig metrics,
        HttpConfig http,
        OutputsConfig outputs) implements Validated {

    /** Where the embedded default lives in the jar. */
    public static final String DEFAULT_RESOURCE = "wharf-default.yml";

    public AgentConfig {
        agent = agent == null ? new AgentSection(null, null) : agent;
        docker = docker == null ? new DockerConfig(null, null, null, null) : docker;
        logs = logs == null ? new LogsConfig(null, null, null, null, null, null, null, null, null, null) : logs;
        metrics = metrics == null ? MetricsConfig.defaults() : metrics;
        http = http == null ? new HttpConfig(null, null, null, null) : http;
        outputs = outputs == null ? new OutputsConfig(null, null, null, null, null) : outputs;
    }

    /** {@code agent:}: the host name to report (default: the machine's) and where state is kept. */
    public record AgentSection(String name, String dataDir) {
        public AgentSection {
            dataDir = dataDir == null ? "data" : dataDir;
        }
    }

    @Override
    public void validate(Validation v) {
        v.nested("docker", docker);
        v.nested("logs", logs);
        v.nested("metrics", metrics);
        v.nested("http", http);
        v.nested("outputs", outputs);
        v.check(!outputs.isEmpty(), "outputs", "configure at least one output (elasticsearch, influxdb, kafka, file or stdout)");
    }
}
