package io.wharf.shipper.sink;

import io.wharf.core.config.ByteSize;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.core.pipeline.OverflowPolicy;

/** The bounded in-memory queue in front of a sink: {@code queue: {max_bytes: 64MiB, when_full: block}}. */
public record QueueConfig(ByteSize maxBytes, OverflowPolicy whenFull) implements Validated {
    public static final QueueConfig DEFAULT = new QueueConfig(null, null);

    public QueueConfig {
        maxBytes = maxBytes == null ? ByteSize.ofMiB(64) : maxBytes;
        whenFull = whenFull == null ? OverflowPolicy.BLOCK : whenFull;
    }

    @Override
    public void validate(Validation v) {
        v.check(maxBytes.bytes() >= 64 * 1024, "max_bytes", "must be at least 64KiB");
    }
}
