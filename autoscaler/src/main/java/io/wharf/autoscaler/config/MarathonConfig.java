package io.wharf.autoscaler.config;

import io.wharf.core.config.Secret;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.time.Duration;

/**
 * {@code orchestrators.marathon:}: Marathon's REST API, with HTTP basic auth or a DC/OS token
 * ({@code Authorization: token=...}). {@code force} overrides a deployment lock; off by default.
 */
public record MarathonConfig(String url, String username, Secret password, Secret token, Boolean force, Duration timeout)
        implements Validated {
    public MarathonConfig {
        url = url == null ? "http://127.0.0.1:8080" : url.replaceAll("/+$", "");
        force = force != null && force;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    @Override
    public void validate(Validation v) {
        v.check(url.startsWith("http://") || url.startsWith("https://"), "url", "must start with http:// or https://");
        v.check((username == null) == (password == null), "password", "username and password go together");
        v.check(token == null || username == null, "token", "use either a token or username/password, not both");
    }
}
