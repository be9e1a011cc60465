package io.wharf.autoscaler.orchestrator.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.autoscaler.config.PolicyConfig;
import io.wharf.autoscaler.orchestrator.Orchestrator;
import io.wharf.autoscaler.orchestrator.OrchestratorException;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Deployments and StatefulSets through their {@code scale} subresource
 * ({@code /apis/apps/v1/namespaces/{ns}/deployments/{name}/scale}): read it, then {@code PUT} it
 * back with its {@code resourceVersion} and only {@code spec.replicas} changed. A 409 Conflict
 * (the object changed in between) is a refusal, retried next round. Running instances are the
 * workload's {@code status.readyReplicas}. Targets are addressed {@code namespace/kind/name}.
 */
public final class KubernetesOrchestrator implements Orchestrator {
    private final KubernetesConnection connection;
    private final HttpClient http;
    private final Duration timeout;

    public KubernetesOrchestrator(KubernetesConnection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
        if (connection.ssl() != null) {
            b.sslContext(connection.ssl());
        }
        this.http = b.build();
    }

    @Override
    public String kind() {
        return "kubernetes";
    }

    @Override
    public String address(PolicyConfig policy) {
        String namespace = policy.namespace() != null ? policy.namespace() : connection.namespace();
        String target = policy.target().contains("/") ? policy.target() : "deployment/" + policy.target();
        return namespace + "/" + target;
    }

    private record Workload(String namespace, String plural, String name) {
        static Workload of(String address) throws OrchestratorException {
            String[] parts = address.split("/");
            if (parts.length != 3 || !(parts[1].equals("deployment") || parts[1].equals("statefulset"))) {
                throw new OrchestratorException("kubernetes: '" + address + "' is not namespace/deployment/NAME or namespace/statefulset/NAME");
            }
            return new Workload(parts[0], parts[1] + "s", parts[2]);
        }

        String path() {
            return "/apis/apps/v1/namespaces/" + namespace + "/" + plural + "/" + name;
        }

        @Override
        public String toString() {
            return plural.substring(0, plural.length() - 1) + " " + namespace + "/" + name;
        }
    }

    @Override
    public Instances instances(String address) throws OrchestratorException {
        Workload w = Workload.of(address);
        JsonNode scale = get(w, w.path() + "/scale");
        JsonNode workload = get(w, w.path());
        return new Instances(scale.path("spec").path("replicas").asInt(0), workload.path("status").path("readyReplicas").asInt(0));
    }

    @Override
    public ScaleResult scale(String address, int instances) throws OrchestratorException {
        Workload w = Workload.of(address);
        JsonNode scale = get(w, w.path() + "/scale");
        ObjectNode update = scale.deepCopy();
        update.with("spec").put("replicas", instances);
        HttpResponse<String> response = send(request(w.path() + "/scale").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(update))), w);
        if (response.statusCode() == 200 || response.statusCode() == 201) {
            return new Applied(w + " set to " + instances + " replicas at resourceVersion "
                    + scale.path("metadata").path("resourceVersion").asText("?"));
        }
        if (response.statusCode() == 409) {
            return new Refused("kubernetes: " + w + " changed since it was read (409 Conflict: " + message(response) + ")");
        }
        throw failure("scale", w, response);
    }

    private JsonNode get(Workload w, String path) throws OrchestratorException {
        HttpResponse<String> response = send(request(path).GET(), w);
        if (response.statusCode() != 200) {
            throw failure("read", w, response);
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new OrchestratorException("kubernetes: answer for " + w + " is not JSON: " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(connection.server() + path)).timeout(timeout)
                .header("Accept", "application/json");
        String token = connection.token().get();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Workload w) throws OrchestratorException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new OrchestratorException("kubernetes: cannot reach " + connection.server() + " for " + w + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrchestratorException("kubernetes: interrupted", e);
        }
    }

    private static String message(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body()).path("message").asText(response.body());
        } catch (IOException e) {
            return response.body();
        }
    }

    private static OrchestratorException failure(String what, Workload w, HttpResponse<String> response) {
        String hint = switch (response.statusCode()) {
            case 401 -> " (the token was not accepted)";
            case 403 -> " (the service account needs get/update on " + w.plural() + "/scale)";
            case 404 -> " (no such " + w.plural().substring(0, w.plural().length() - 1) + ")";
            default -> "";
        };
        return new OrchestratorException("kubernetes: cannot " + what + " " + w + ": HTTP " + response.statusCode() + hint + ": " + message(response));
    }
}
