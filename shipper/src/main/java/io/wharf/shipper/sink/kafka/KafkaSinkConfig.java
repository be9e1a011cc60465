package io.wharf.shipper.sink.kafka;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.QueueConfig;
import java.util.List;

/** {@code outputs.kafka}: logs and metrics to separate topics, keyed by container. */
public record KafkaSinkConfig(
        List<String> bootstrapServers,
        String logsTopic,
        String metricsTopic,
        QueueConfig queue,
        BatchConfig batch) implements Validated {

    public KafkaSinkConfig {
        bootstrapServers = bootstrapServers == null ? List.of("127.0.0.1:9092") : List.copyOf(bootstrapServers);
        logsTopic = logsTopic == null ? "wharf-logs" : logsTopic;
        metricsTopic = metricsTopic == null ? "wharf-metrics" : metricsTopic;
        queue = queue == null ? QueueConfig.DEFAULT : queue;
        batch = batch == null ? BatchConfig.DEFAULT : batch;
    }

    @Override
    public void validate(Validation v) {
        v.check(!bootstrapServers.isEmpty(), "bootstrap_servers", "must list at least one broker");
        v.nested("queue", queue);
        v.nested("batch", batch);
    }
}
