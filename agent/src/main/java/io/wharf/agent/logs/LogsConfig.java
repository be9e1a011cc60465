package io.wharf.agent.logs;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;

/** {@code logs:}: container log collection. Extended by the log collection issue. */
public record LogsConfig(Boolean enabled, String parser) implements Validated {
    public LogsConfig {
        enabled = enabled == null || enabled;
        parser = parser == null ? "dirac" : parser;
    }

    @Override
    public void validate(Validation v) {
    }
}
