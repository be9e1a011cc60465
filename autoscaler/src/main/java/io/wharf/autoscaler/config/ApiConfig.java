package io.wharf.autoscaler.config;

import io.wharf.core.config.Secret;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;

/**
 * {@code http:}: the small API serving {@code /api/v1/autoscaler}; loopback only unless
 * configured. With {@code token} set, every request must carry {@code Authorization: Bearer TOKEN}.
 */
public record ApiConfig(Boolean enabled, String host, Integer port, Secret token) implements Validated {
    public ApiConfig {
        enabled = enabled == null || enabled;
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 5067 : port;
    }

    @Override
    public void validate(Validation v) {
        v.check(port >= 0 && port <= 65535, "port", "must be between 0 and 65535");
        v.check(token == null || !token.isEmpty(), "token", "must not be empty (leave it out to serve without a token)");
    }
}
