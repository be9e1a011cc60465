package io.wharf.shipper.sink.influxdb;

import io.wharf.core.config.Secret;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.QueueConfig;

/** {@code outputs.influxdb}: InfluxDB's v1 {@code /write} API (1.x, 2.x compatibility, 3.x). */
public record InfluxSinkConfig(
        String url,
        String database,
        String retentionPolicy,
        String username,
        Secret password,
        Secret token,
        QueueConfig queue,
        BatchConfig batch) implements Validated {

    public InfluxSinkConfig {
        url = url == null ? "http://127.0.0.1:8086" : url;
        database = database == null ? "wharf" : database;
        queue = queue == null ? QueueConfig.DEFAULT : queue;
        batch = batch == null ? BatchConfig.DEFAULT : batch;
    }

    @Override
    public void validate(Validation v) {
        v.check(url.startsWith("http://") || url.startsWith("https://"), "url", "must start with http:// or https://");
        v.check(!database.isBlank(), "database", "must not be empty");
        v.nested("queue", queue);
        v.nested("batch", batch);
    }
}
