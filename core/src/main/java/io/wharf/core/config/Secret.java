package io.wharf.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A password, token or key. Written in YAML as a plain string (usually {@code ${ENV_VAR}}) or as
 * {@code {file: /run/secrets/name}} or {@code {env: NAME}}. It prints as {@code <redacted>} in
 * {@code config show}, in logs and in exceptions; only {@link #reveal()} gives the value, to the
 * client that needs it.
 */
public final class Secret {
    public static final String REDACTED = "<redacted>";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @JsonValue
    @Override
    public String toString() {
        return REDACTED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
