package io.wharf.core.pipeline;

import java.time.Duration;

/**
 * How a {@link SinkRunner} groups events for its sink: at most {@code maxEvents} events or
 * {@code maxBytes} bytes, sent after {@code linger} even if not full. {@code workers} batches may
 * be in flight at once (ordering across batches is then not kept).
 */
public record BatchSettings(int maxEvents, long maxBytes, Duration linger, int workers) {
    public static final BatchSettings DEFAULT = new BatchSettings(1000, 5L << 20, Duration.ofSeconds(1), 1);

    public BatchSettings {
        if (maxEvents <= 0 || maxBytes <= 0 || workers <= 0) {
            throw new IllegalArgumentException("batch sizes and workers must be positive");
        }
    }
}
