package io.wharf.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.agent.docker.ContainerDirectory;
import io.wharf.core.config.Secret;
import io.wharf.core.metrics.SelfMetrics;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Routing and authentication, without metrics collection (metrics.enabled: false). */
class ApiRoutesTest {
    final SelfMetrics self = new SelfMetrics();
    final ApiRoutes routes = new ApiRoutes(null, new ContainerDirectory(), self, "host-a", Secret.of("s3cret"));

    static String body(ApiResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void tokenIsRequiredExactly() {
        assertThat(routes.handle("GET", "/api/v1/machine", null).status()).isEqualTo(401);
        assertThat(routes.handle("GET", "/api/v1/machine", "Bearer wrong").status()).isEqualTo(401);
        assertThat(routes.handle("GET", "/api/v1/machine", "Bearer s3cret-and-more").status()).isEqualTo(401);
        assertThat(routes.handle("GET", "/api/v1/machine", "s3cret").status()).isEqualTo(401);
        assertThat(routes.handle("GET", "/api/v1/machine", "Bearer S3CRET").status()).as("the token is case-sensitive").isEqualTo(401);
        assertThat(routes.handle("GET", "/api/v1/machine", "Basic s3cret").status()).isEqualTo(401);
        assertThat(routes.handle("GET", "/api/v1/machine", "Bearers3cret").status()).isEqualTo(401);
        ApiResponse ok = routes.handle("GET", "/api/v1/machine", "Bearer s3cret");
        assertThat(ok.status()).isEqualTo(200);
        for (String scheme : new String[] {"bearer", "BEARER", "bEaReR"}) {
            assertThat(routes.handle("GET", "/api/v1/machine", scheme + " s3cret").status()).as("scheme %s (RFC 7235: case-insensitive)", scheme)
                    .isEqualTo(200);
        }
        assertThat(routes.handle("GET", "/api/v1/machine", "Bearer   s3cret").status()).as("1*SP").isEqualTo(200);
        assertThat(body(ok)).contains("\"host\":\"host-a\"");
    }

    @Test
    void withoutTokenConfiguredEverythingIsOpen() {
        ApiRoutes open = new ApiRoutes(null, new ContainerDirectory(), self, "h", null);
        assertThat(open.handle("GET", "/api/v1/containers", null).status()).isEqualTo(200);
        assertThat(body(open.handle("GET", "/api/v1/containers", null))).isEqualTo("[]");
    }

    @Test
    void probesWithoutCollectorAndOtherMethods() {
        assertThat(routes.handle("GET", "/healthz", null).status()).isEqualTo(200);
        // metrics disabled: nothing to wait for
        assertThat(routes.handle("GET", "/readyz", null).status()).isEqualTo(200);
        assertThat(routes.handle("POST", "/api/v1/containers", "Bearer s3cret").status()).isEqualTo(405);
        assertThat(routes.handle("GET", "/api/v1/containers/abc", "Bearer s3cret").status()).isEqualTo(404);
        self.counter("wharf_test_total", "a counter").inc();
        ApiResponse metrics = routes.handle("GET", "/metrics", "Bearer s3cret");
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(body(metrics)).contains("wharf_test_total 1");
    }
}
