package io.wharf.agent.docker;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;

/** {@code docker:}: how to reach the engine. Extended by the discovery issue (TLS, filters). */
public record DockerConfig(String host) implements Validated {
    public DockerConfig {
        host = host == null ? "unix:///var/run/docker.sock" : host;
    }

    @Override
    public void validate(Validation v) {
        v.check(host.startsWith("unix://") || host.startsWith("tcp://"), "host", "must be unix:///path or tcp://host:port");
    }
}
