package io.wharf.shipper.sink.file;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.QueueConfig;

/**
 * {@code outputs.file}: NDJSON files under {@code path}, {@code events.ndjson} for log events and
 * {@code metrics.ndjson} for metric points.
 */
public record FileSinkConfig(String path, QueueConfig queue, BatchConfig batch) implements Validated {
    public FileSinkConfig {
        path = path == null ? "data" : path;
        queue = queue == null ? QueueConfig.DEFAULT : queue;
        batch = batch == null ? BatchConfig.DEFAULT : batch;
    }

    @Override
    public void validate(Validation v) {
        v.check(!path.isBlank(), "path", "must not be empty");
        v.nested("queue", queue);
        v.nested("batch", batch);
    }
}
