package io.wharf.shipper.sink.elasticsearch;

import io.wharf.core.config.Secret;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.QueueConfig;
import java.util.List;

/** {@code outputs.elasticsearch}. */
public record ElasticsearchSinkConfig(
        List<String> hosts,
        String username,
        Secret password,
        Secret apiKey,
        String dataStreamNamespace,
        QueueConfig queue,
        BatchConfig batch) implements Validated {

    public ElasticsearchSinkConfig {
        hosts = hosts == null ? List.of("http://127.0.0.1:9200") : List.copyOf(hosts);
        dataStreamNamespace = dataStreamNamespace == null ? "default" : dataStreamNamespace;
        queue = queue == null ? QueueConfig.DEFAULT : queue;
        batch = batch == null ? BatchConfig.DEFAULT : batch;
    }

    @Override
    public void validate(Validation v) {
        v.check(!hosts.isEmpty(), "hosts", "must list at least one host");
        v.nested("queue", queue);
        v.nested("batch", batch);
    }
}
