package io.wharf.shipper.sink.kafka;

import io.wharf.core.config.Secret;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.QueueConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code outputs.kafka}: logs and metrics to separate topics. Metric points are keyed by series
 * (one series, one partition, in order); log events are spread over every partition
 * ({@code logs_partitioning: spread}) or keyed by source ({@code source}). The producer is idempotent with {@code acks=all}. {@code security_protocol},
 * {@code sasl_mechanism}, {@code sasl_jaas_config} (a secret) and {@code ssl_truststore_location}
 * are passed to kafka-clients; {@code properties} passes any other client setting through as is.
 */
public record KafkaSinkConfig(
        List<String> bootstrapServers,
        String logsTopic,
        String metricsTopic,
        String compression,
        String securityProtocol,
        String saslMechanism,
        Secret saslJaasConfig,
        String sslTruststoreLocation,
        Secret sslTruststorePassword,
        Map<String, String> properties,
        QueueConfig queue,
        BatchConfig batch,
        String logsPartitioning) implements Validated {

    private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

    public KafkaSinkConfig {
        bootstrapServers = bootstrapServers == null ? List.of("127.0.0.1:9092") : List.copyOf(bootstrapServers);
        logsTopic = logsTopic == null ? "wharf-logs" : logsTopic;
        metricsTopic = metricsTopic == null ? "wharf-metrics" : metricsTopic;
        compression = compression == null ? "zstd" : compression;
        securityProtocol = securityProtocol == null ? "PLAINTEXT" : securityProtocol;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        queue = queue == null ? QueueConfig.DEFAULT : queue;
        batch = batch == null ? BatchConfig.DEFAULT : batch;
        logsPartitioning = logsPartitioning == null ? SPREAD : logsPartitioning;
    }

    /** Log records carry no key: the producer fills a batch for one partition, then the next, so one busy source uses them all. */
    public static final String SPREAD = "spread";
    /** Log records are keyed by their source (container, file): one partition per source, in order. */
    public static final String BY_SOURCE = "source";

    public boolean spreadLogs() {
        return SPREAD.equals(logsPartitioning);
    }

    public static KafkaSinkConfig of(String bootstrap, String logsTopic, String metricsTopic) {
        return new KafkaSinkConfig(List.of(bootstrap), logsTopic, metricsTopic, null, null, null, null, null, null, null, null, null, null);
    }

    /** Connection and security settings, shared by the producer (agent) and the consumer (shipper). */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", String.join(",", bootstrapServers));
        p.put("security.protocol", securityProtocol);
        if (saslMechanism != null) {
            p.put("sasl.mechanism", saslMechanism);
        }
        if (saslJaasConfig != null) {
            p.put("sasl.jaas.config", saslJaasConfig.reveal());
        }
        if (sslTruststoreLocation != null) {
            p.put("ssl.truststore.location", sslTruststoreLocation);
        }
        if (sslTruststorePassword != null) {
            p.put("ssl.truststore.password", sslTruststorePassword.reveal());
        }
        p.putAll(properties);
        return p;
    }

    @Override
    public void validate(Validation v) {
        v.check(!bootstrapServers.isEmpty(), "bootstrap_servers", "must list at least one broker");
        v.check(!logsTopic.isBlank(), "logs_topic", "must not be empty");
        v.check(!metricsTopic.isBlank(), "metrics_topic", "must not be empty");
        v.check(COMPRESSIONS.contains(compression), "compression", "must be one of " + COMPRESSIONS);
        v.check(Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").contains(securityProtocol), "security_protocol",
                "must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
        v.check(logsPartitioning.equals(SPREAD) || logsPartitioning.equals(BY_SOURCE), "logs_partitioning", "must be spread or source");
        v.nested("queue", queue);
        v.nested("batch", batch);
    }
}
