package io.wharf.agent.http;

import io.wharf.agent.Agent;
import io.wharf.agent.AgentConfig;
import io.wharf.agent.docker.ContainerInfo;
import io.wharf.core.config.ConfigLoader;
import io.wharf.testkit.TestContainers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A whole agent started from its YAML configuration (HTTP on a free port, a bearer token, metrics
 * at 1 s, file output in a temporary folder), following real containers through its own Docker
 * discovery.
 */
final class AgentUnderTest implements AutoCloseable {
    final String token = "tok-" + UUID.randomUUID();
    final String hostName = "it-agent-" + UUID.randomUUID().toString().substring(0, 6);
    final TestContainers containers = new TestContainers();
    final Agent agent;
    final HttpClient http = HttpClient.newHttpClient();

    AgentUnderTest(Path dataDir) throws Exception {
        String yaml = """
                agent:
                  name: %s
                  data_dir: %s
                metrics:
                  interval: 1s
                  flush_interval: 2s
                http:
                  host: 127.0.0.1
                  port: 0
                  bearer_token: %s
                outputs:
                  file:
                    path: %s
                """.formatted(hostName, dataDir, token, dataDir);
        AgentConfig config = ConfigLoader.parse("it-agent.yml", yaml, AgentConfig.class, name -> null);
        agent = Agent.start(config);
    }

    /**
     * Starts a real container as a Compose service named {@code service} and waits until the
     * agent's own Docker discovery follows it.
     */
    ContainerInfo follow(TestContainers.Spec spec, String service) {
        String id = spec.label("com.docker.compose.project", "wharf-it").label("com.docker.compose.service", service).start();
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> agent.containers().find(id).orElse(null), java.util.Objects::nonNull);
    }

    String url(String path) {
        return "http://127.0.0.1:" + agent.httpApi().port() + path;
    }

    HttpResponse<String> get(String path, boolean withToken) throws Exception {
        return get(path, withToken ? "Bearer " + token : null);
    }

    /** GET with this Authorization header (none when null). */
    HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json(String path) throws Exception {
        return ApiRoutes.JSON.readValue(get(path, true).body(), Map.class);
    }

    @Override
    public void close() {
        agent.close();
        containers.close();
    }
}
