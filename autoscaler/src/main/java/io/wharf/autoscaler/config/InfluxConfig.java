package io.wharf.autoscaler.config;

import io.wharf.core.config.Secret;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.time.Duration;

/**
 * {@code influxdb:}: where metrics are read (v1 {@code /query}) and decisions written (v1
 * {@code /write}). Authenticates with username/password (1.x) or a token (2.x/3.x v1 compatibility).
 */
public record InfluxConfig(
        String url,
        String database,
        String retentionPolicy,
        String username,
        Secret password,
        Secret token,
        String decisionsDatabase,
        Duration timeout) implements Validated {

    public InfluxConfig {
        url = url == null ? "http://127.0.0.1:8086" : url.replaceAll("/+$", "");
        database = database == null ? "wharf" : database;
        decisionsDatabase = decisionsDatabase == null ? database : decisionsDatabase;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    @Override
    public void validate(Validation v) {
        v.check(url.startsWith("http://") || url.startsWith("https://"), "url", "must start with http:// or https://");
        v.check(!database.isBlank(), "database", "must not be empty");
        v.check(password == null || username != null, "password", "a password needs a username");
        v.check(token == null || username == null, "token", "use either a token or username/password, not both");
    }
}
