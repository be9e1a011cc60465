package io.wharf.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.agent.AgentConfig;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {
    static AgentConfig parse(String yaml) {
        return ConfigLoader.parse("agent.yml", yaml + "outputs:\n  stdout: {}\n", AgentConfig.class, n -> null);
    }

    @Test
    void defaultsAndSnakeCaseKeys() {
        MetricsConfig m = parse("metrics:\n  flush_interval: 20s\n  proc_path: /host/proc\n  dirac_requests: false\n").metrics();
        assertThat(m.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(m.flushInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(m.retention()).isEqualTo(Duration.ofMinutes(2));
        assertThat(m.procPath()).isEqualTo("/host/proc");
        assertThat(m.diracRequests()).isFalse();
    }

    @Test
    void flushIntervalMustBeAMultipleOfTheInterval() {
        assertThatThrownBy(() -> parse("metrics:\n  interval: 2s\n  flush_interval: 5s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent.yml:3").hasMessageContaining("metrics.flush_interval")
                .hasMessageContaining("multiple of interval (2s)");
    }

    @Test
    void peerNamingOptions() {
        MetricsConfig m = parse("""
                metrics:
                  docker_label_include: ["com.docker.*"]
                  docker_label_exclude: ["*.project"]
                  store_container_labels: false
                  env_metadata_whitelist: [DIRAC_]
                  influxdb_schemas: [telegraf, cadvisor]
                """).metrics();
        assertThat(m.labelAsTag("com.docker.compose.service")).isTrue();
        assertThat(m.labelAsTag("com.docker.compose.project")).isFalse();
        assertThat(m.labelAsTag("org.example.team")).isFalse();
        assertThat(m.storeContainerLabels()).isFalse();
        assertThat(m.envMetadataWhitelist()).containsExactly("DIRAC_");
        assertThat(m.influxdbSchemas()).containsExactly("telegraf", "cadvisor");
        // Telegraf's default: every label is a tag; Telegraf's schema alone
        MetricsConfig d = MetricsConfig.defaults();
        assertThat(d.labelAsTag("anything.at.all")).isTrue();
        assertThat(d.influxdbSchemas()).containsExactly("telegraf");
        assertThat(d.storeContainerLabels()).isTrue();
    }

    @Test
    void anUnknownSchemaIsNamedWithItsLine() {
        assertThatThrownBy(() -> parse("metrics:\n  influxdb_schemas: [telegraf, heapster]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent.yml:2").hasMessageContaining("metrics.influxdb_schemas")
                .hasMessageContaining("unknown schema 'heapster'");
    }
}
