package io.wharf.shipper.sink;

import io.wharf.core.config.ByteSize;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.core.pipeline.BatchSettings;
import java.time.Duration;

/** How a sink batches: {@code batch: {max_events: 1000, max_bytes: 5MiB, flush_interval: 1s, workers: 1}}. */
public record BatchConfig(Integer maxEvents, ByteSize maxBytes, Duration flushInterval, Integer workers) implements Validated {
    public static final BatchConfig DEFAULT = new BatchConfig(null, null, null, null);

    public BatchConfig {
        maxEvents = maxEvents == null ? 1000 : maxEvents;
        maxBytes = maxBytes == null ? ByteSize.ofMiB(5) : maxBytes;
        flushInterval = flushInterval == null ? Duration.ofSeconds(1) : flushInterval;
        workers = workers == null ? 1 : workers;
    }

    public BatchSettings settings() {
        return new BatchSettings(maxEvents, maxBytes.bytes(), flushInterval, workers);
    }

    @Override
    public void validate(Validation v) {
        v.check(maxEvents > 0, "max_events", "must be positive");
        v.check(maxBytes.bytes() > 0, "max_bytes", "must be positive");
        v.check(workers > 0 && workers <= 64, "workers", "must be between 1 and 64");
    }
}
