package io.wharf.autoscaler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.autoscaler.Autoscaler;
import io.wharf.autoscaler.InfluxTestDatabase;
import io.wharf.autoscaler.config.AutoscalerConfig;
import io.wharf.autoscaler.config.OrchestratorKind;
import io.wharf.autoscaler.orchestrator.swarm.SwarmOrchestrator;
import io.wharf.core.config.ConfigLoader;
import io.wharf.core.json.Json;
import io.wharf.testkit.SwarmServices;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/autoscaler} of an autoscaler configured from YAML, after real rounds against
 * a real Swarm service and the real InfluxDB: the last decision per service, loopback only by
 * default, and a bearer token when one is configured.
 */
class AutoscalerApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static InfluxTestDatabase influx;
    private static SwarmServices services;
    private static String swarmService;
    private Autoscaler autoscaler;

    @BeforeAll
    static void start() {
        influx = new InfluxTestDatabase();
        services = new SwarmServices();
        swarmService = services.create("api", 1, "sleep 600", null);
    }

    @AfterAll
    static void stop() {
        services.close();
        influx.close();
    }

    @AfterEach
    void close() {
        if (autoscaler != null) {
            autoscaler.close();
        }
    }

    /** Two policies for the same Swarm service under two service tags: one with data, one without. */
    private Autoscaler autoscaler(String http) throws IOException {
        String yaml = """
                interval: 1h
                influxdb:
                  url: %s
                  database: %s
                %s
                orchestrators:
                  swarm: {}
                policies:
                  - service: %s
                    max_instances: 3
                    window: 10s
                    metrics:
                      - {type: cpu_percent, target: 50}
                  - service: no-data-%s
                    target: %s
                    max_instances: 3
                    metrics:
                      - {type: cpu_percent, target: 50}
                """.formatted(influx.config().url(), influx.name(), http, swarmService, swarmService, swarmService);
        AutoscalerConfig config = ConfigLoader.parse("autoscaler.yml", yaml, AutoscalerConfig.class, System::getenv);
        Autoscaler a = new Autoscaler(config, Map.of(OrchestratorKind.SWARM, new SwarmOrchestrator(services.docker())), Clock.systemUTC());
        a.startApi();
        return a;
    }

    private static HttpResponse<String> get(int port, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + AutoscalerApi.PATH));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void showsTheLastDecisionPerServiceOnLoopbackByDefault() throws Exception {
        AutoscalerConfig defaults = ConfigLoader.parse("a.yml", "policies: [{service: s, max_instances: 2, metrics: [{type: cpu_percent, "
                + "target: 1}]}]\norchestrators: {swarm: {}}\n", AutoscalerConfig.class, System::getenv);
        assertThat(defaults.http().host()).isEqualTo("127.0.0.1");
        assertThat(defaults.http().port()).isEqualTo(5067);

        // The default host; port 0 only because other test runs may hold 5067 on this shared machine.
        autoscaler = autoscaler("http: {port: 0}");
        int port = autoscaler.apiPort();
        assertLoopbackOnly(port);

        influx.cpu(swarmService, 90, 1);
        autoscaler.runOnce();
        influx.cpu(swarmService, 50, 1);
        autoscaler.runOnce();

        HttpResponse<String> response = get(port, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.get("dry_run").asBoolean()).isFalse();
        assertThat(body.get("services")).hasSize(2);

        JsonNode withData = find(body, swarmService);
        assertThat(withData.get("orchestrator").asText()).isEqualTo("swarm");
        assertThat(withData.get("current").asInt()).as("the first round scaled 1 -> 2").isEqualTo(2);
        assertThat(withData.get("outcome").asText()).isEqualTo("no_change");
        assertThat(withData.get("reason").asText()).isEqualTo("within tolerance");
        assertThat(withData.at("/metrics/0/name").asText()).isEqualTo("cpu_percent");
        assertThat(withData.at("/metrics/0/value").asDouble()).isEqualTo(50.0);
        assertThat(withData.at("/metrics/0/target").asDouble()).isEqualTo(50.0);

        JsonNode noData = find(body, "no-data-" + swarmService);
        assertThat(noData.get("outcome").asText()).isEqualTo("no_data");
        assertThat(noData.get("action").asText()).isEqualTo("none");
        assertThat(noData.at("/metrics/0/status").asText()).isEqualTo("missing");

        assertThat(get(port, null).statusCode()).isEqualTo(200);
        HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/nothing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
    }

    @Test
    void aConfiguredTokenIsRequiredAsBearer() throws Exception {
        autoscaler = autoscaler("http: {port: 0, token: s3cr3t-t0ken}");
        autoscaler.runOnce();
        int port = autoscaler.apiPort();

        HttpResponse<String> anonymous = get(port, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(anonymous.body()).doesNotContain(swarmService);
        assertThat(get(port, "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get(port, "Basic czNjcjN0LXQwa2Vu").statusCode()).isEqualTo(401);

        HttpResponse<String> ok = get(port, "Bearer s3cr3t-t0ken");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains(swarmService);
        assertThat(ConfigLoader.show(ConfigLoader.parse("a.yml", "http: {token: s3cr3t-t0ken}\npolicies: [{service: s, max_instances: 2,"
                + " metrics: [{type: cpu_percent, target: 1}]}]\norchestrators: {swarm: {}}\n", AutoscalerConfig.class, System::getenv)))
                .as("config show redacts it").doesNotContain("s3cr3t-t0ken").contains("<redacted>");
    }

    private static JsonNode find(JsonNode body, String service) {
        for (JsonNode s : body.get("services")) {
            if (s.get("service").asText().equals(service)) {
                return s;
            }
        }
        throw new AssertionError("no decision for " + service + " in " + body);
    }

    /** Reachable on 127.0.0.1, refused on the host's other addresses. */
    private static void assertLoopbackOnly(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        assertThat(external).as("a non-loopback address to try").isPresent();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external.get(), port), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }
}
