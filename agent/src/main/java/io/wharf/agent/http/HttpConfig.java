package io.wharf.agent.http;

import io.wharf.core.config.Secret;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;

/** {@code http:}: the agent's API. Loopback only unless configured otherwise. */
public record HttpConfig(Boolean enabled, String host, Integer port, Secret bearerToken) implements Validated {
    public HttpConfig {
        enabled = enabled == null || enabled;
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 5066 : port;
    }

    @Override
    public void validate(Validation v) {
        v.check(port >= 0 && port <= 65535, "port", "must be between 0 and 65535");
    }
}
