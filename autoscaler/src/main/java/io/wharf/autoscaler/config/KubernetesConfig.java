package io.wharf.autoscaler.config;

import io.wharf.core.config.Secret;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.time.Duration;

/**
 * {@code orchestrators.kubernetes:}: the API server. With nothing set, the in-cluster service
 * account (KUBERNETES_SERVICE_HOST, its token and CA); or a {@code kubeconfig} file (its current
 * context's server, CA and token); or {@code url}, {@code token} and {@code ca_file} given here.
 */
public record KubernetesConfig(
        String url,
        Secret token,
        String caFile,
        String kubeconfig,
        String namespace,
        Duration timeout) implements Validated {

    public KubernetesConfig {
        namespace = namespace == null ? "default" : namespace;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    @Override
    public void validate(Validation v) {
        v.check(url == null || url.startsWith("http://") || url.startsWith("https://"), "url", "must start with http:// or https://");
        v.check(url == null || kubeconfig == null, "kubeconfig", "use either url or kubeconfig, not both");
    }
}
