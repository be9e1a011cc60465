package io.wharf.shipper.deadletter;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;

/**
 * {@code dead_letter: {type: index, index_prefix: wharf-deadletter}} (Elasticsearch only) or
 * {@code dead_letter: {type: file, path: /var/lib/wharf/deadletter}}: NDJSON files, one per sink.
 */
public record DeadLetterConfig(String type, String indexPrefix, String path) implements Validated {
    public DeadLetterConfig {
        type = type == null ? "file" : type;
        indexPrefix = indexPrefix == null ? "wharf-deadletter" : indexPrefix;
        path = path == null ? "data/deadletter" : path;
    }

    public static DeadLetterConfig file(String path) {
        return new DeadLetterConfig("file", null, path);
    }

    public boolean isIndex() {
        return "index".equals(type);
    }

    @Override
    public void validate(Validation v) {
        v.check(type.equals("index") || type.equals("file"), "type", "must be index or file");
        v.check(!indexPrefix.isBlank(), "index_prefix", "must not be empty");
        v.check(!path.isBlank(), "path", "must not be empty");
    }
}
