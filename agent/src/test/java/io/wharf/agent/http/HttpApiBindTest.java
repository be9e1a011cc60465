package io.wharf.agent.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.agent.docker.ContainerDirectory;
import io.wharf.core.metrics.SelfMetrics;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A port another process already listens on: the error names the address and port (it said only "java.net.BindException"). */
class HttpApiBindTest {
    @Test
    void aPortInUseIsReportedWithItsAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            ApiRoutes routes = new ApiRoutes(null, new ContainerDirectory(), new SelfMetrics(), "h", null);
            assertThatThrownBy(() -> HttpApi.start(new HttpConfig(true, "127.0.0.1", port, null), routes))
                    .isInstanceOf(BindException.class)
                    .hasMessageStartingWith("HTTP API: cannot listen on 127.0.0.1:" + port + ": Address already in use")
                    .hasMessageContaining("set http.port");
        }
    }
}
