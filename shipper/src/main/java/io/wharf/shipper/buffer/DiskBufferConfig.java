package io.wharf.shipper.buffer;

import io.wharf.core.config.ByteSize;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.core.pipeline.OverflowPolicy;

/**
 * {@code disk_buffer: {path: /var/lib/wharf/buffer/es, max_bytes: 1GiB, segment_bytes: 64MiB,
 * fsync: every_write | interval | never, when_full: block | drop_oldest}}.
 */
public record DiskBufferConfig(String path, ByteSize maxBytes, ByteSize segmentBytes, String fsync, OverflowPolicy whenFull)
        implements Validated {

    public DiskBufferConfig {
        maxBytes = maxBytes == null ? new ByteSize(1L << 30) : maxBytes;
        segmentBytes = segmentBytes == null ? ByteSize.ofMiB(64) : segmentBytes;
        fsync = fsync == null ? "every_write" : fsync;
        whenFull = whenFull == null ? OverflowPolicy.BLOCK : whenFull;
    }

    @Override
    public void validate(Validation v) {
        v.check(path != null && !path.isBlank(), "path", "is required");
        v.check(fsync.equals("every_write") || fsync.equals("interval") || fsync.equals("never"), "fsync",
                "must be every_write, interval or never");
        v.check(segmentBytes.bytes() >= 4096, "segment_bytes", "must be at least 4KiB");
        v.check(maxBytes.bytes() >= 2 * segmentBytes.bytes(), "max_bytes", "must hold at least two segments");
    }
}
