package io.wharf.autoscaler.config;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;

/**
 * {@code orchestrators.swarm:}: a Swarm manager's Docker API, the local socket by default;
 * {@code tls_verify} and {@code cert_path} (ca.pem, cert.pem, key.pem) for a remote manager.
 */
public record SwarmConfig(String dockerHost, Boolean tlsVerify, String certPath) implements Validated {
    public SwarmConfig {
        dockerHost = dockerHost == null ? "unix:///var/run/docker.sock" : dockerHost;
        tlsVerify = tlsVerify != null && tlsVerify;
    }

    @Override
    public void validate(Validation v) {
        v.check(dockerHost.startsWith("unix://") || dockerHost.startsWith("tcp://"), "docker_host",
                "must start with unix:// or tcp://");
        v.check(!tlsVerify || certPath != null, "cert_path", "tls_verify needs cert_path (ca.pem, cert.pem, key.pem)");
    }
}
