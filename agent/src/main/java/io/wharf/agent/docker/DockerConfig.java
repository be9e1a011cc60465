package io.wharf.agent.docker;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code docker:}: how to reach the engine.
 *
 * @param host          {@code unix:///var/run/docker.sock} or {@code tcp://host:2376}
 * @param tls           client certificate and CA for a tcp engine (PEM files, as {@code docker --tlsverify} takes them)
 * @param excludeSelf   do not collect the agent's own container
 * @param reconnectMax  the longest wait between reconnection attempts when the engine is away
 */
public record DockerConfig(String host, Tls tls, Boolean excludeSelf, Duration reconnectMax) implements Validated {
    public DockerConfig {
        host = host == null ? "unix:///var/run/docker.sock" : host;
        excludeSelf = excludeSelf == null || excludeSelf;
        // Short: containers that start while the engine is unreachable are only followed once it
        // answers again, and Docker may delete (max-file) what they wrote before that.
        reconnectMax = reconnectMax == null ? Duration.ofSeconds(5) : reconnectMax;
    }

    public DockerConfig(String host) {
        this(host, null, null, null);
    }

    /** The id of the agent's own container when it is not to be collected ({@code exclude_self}), else empty. */
    public java.util.Optional<String> selfToExclude() {
        return excludeSelf ? SelfContainer.id() : java.util.Optional.empty();
    }

    /** {@code docker.tls:}: {@code ca_file}, {@code cert_file}, {@code key_file} (PEM). */
    public record Tls(String caFile, String certFile, String keyFile) implements Validated {
        @Override
        public void validate(Validation v) {
            check(v, "ca_file", caFile);
            check(v, "cert_file", certFile);
            check(v, "key_file", keyFile);
        }

        private static void check(Validation v, String key, String file) {
            v.check(file != null, key, "is required for TLS");
            v.check(file == null || Files.isReadable(Path.of(file)), key, "cannot read " + file);
        }
    }

    @Override
    public void validate(Validation v) {
        v.check(host.startsWith("unix://") || host.startsWith("tcp://"), "host", "must be unix:///path or tcp://host:port");
        v.check(tls == null || host.startsWith("tcp://"), "tls", "TLS applies to tcp:// hosts only");
        v.nested("tls", tls);
        v.check(reconnectMax.toMillis() >= 100, "reconnect_max", "must be at least 100ms");
    }
}
