package io.wharf.shipper.sink.file;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.QueueConfig;

/** {@code outputs.stdout}: NDJSON on standard output, for debugging and for piping. */
public record StdoutSinkConfig(Boolean enabled, QueueConfig queue, BatchConfig batch) implements Validated {
    public StdoutSinkConfig {
        enabled = enabled == null || enabled;
        queue = queue == null ? QueueConfig.DEFAULT : queue;
        batch = batch == null ? BatchConfig.DEFAULT : batch;
    }

    @Override
    public void validate(Validation v) {
        v.nested("queue", queue);
        v.nested("batch", batch);
    }
}
