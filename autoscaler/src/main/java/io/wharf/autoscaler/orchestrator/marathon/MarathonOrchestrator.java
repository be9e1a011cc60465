package io.wharf.autoscaler.orchestrator.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.autoscaler.config.MarathonConfig;
import io.wharf.autoscaler.orchestrator.Orchestrator;
import io.wharf.autoscaler.orchestrator.OrchestratorException;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Marathon apps through its REST API: {@code GET /v2/apps/{id}} for {@code instances} and
 * {@code tasksRunning}, {@code PUT /v2/apps/{id}} with {@code {"instances": N}} to scale. An app
 * locked by a deployment answers 409: a refusal, retried next round; {@code ?force=true} only
 * when configured.
 */
public final class MarathonOrchestrator implements Orchestrator {
    private final MarathonConfig config;
    private final HttpClient http;

    public MarathonOrchestrator(MarathonConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    @Override
    public String kind() {
        return "marathon";
    }

    @Override
    public Instances instances(String appId) throws OrchestratorException {
        HttpResponse<String> response = send(request(appId, "").GET(), appId);
        if (response.statusCode() != 200) {
            throw failure("read", appId, response);
        }
        JsonNode app = parse(response).path("app");
        if (!app.has("instances")) {
            throw new OrchestratorException("marathon: answer for app " + appId + " has no instances: " + response.body());
        }
        return new Instances(app.get("instances").asInt(), app.path("tasksRunning").asInt(0));
    }

    @Override
    public ScaleResult scale(String appId, int instances) throws OrchestratorException {
        String body = "{\"instances\":" + instances + "}";
        HttpResponse<String> response = send(request(appId, config.force() ? "?force=true" : "")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)), appId);
        if (response.statusCode() == 200 || response.statusCode() == 201) {
            JsonNode answer = parse(response);
            return new Applied("app " + appId + " set to " + instances + " instances, deployment " + answer.path("deploymentId").asText("?"));
        }
        if (response.statusCode() == 409) {
            return new Refused("marathon: app " + appId + " is locked by a deployment ("
                    + parse(response).path("message").asText(response.body()) + ")");
        }
        throw failure("scale", appId, response);
    }

    private HttpRequest.Builder request(String appId, String query) {
        String path = appId.startsWith("/") ? appId.substring(1) : appId;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(config.url() + "/v2/apps/" + path + query))
                .timeout(config.timeout()).header("Accept", "application/json");
        if (config.token() != null) {
            // DC/OS's form of the header for its ACS tokens.
            b.header("Authorization", "token=" + config.token().reveal());
        } else if (config.username() != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (config.username() + ":" + config.password().reveal()).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String appId) throws OrchestratorException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new OrchestratorException("marathon: cannot reach " + config.url() + " for app " + appId + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrchestratorException("marathon: interrupted", e);
        }
    }

    private static JsonNode parse(HttpResponse<String> response) throws OrchestratorException {
        try {
            return Json.MAPPER.readTree(response.body().isEmpty() ? "{}" : response.body());
        } catch (IOException e) {
            throw new OrchestratorException("marathon: answer is not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static OrchestratorException failure(String what, String appId, HttpResponse<String> response) {
        String hint = switch (response.statusCode()) {
            case 401, 403 -> " (check orchestrators.marathon username/password or token)";
            case 404 -> " (no such app)";
            default -> "";
        };
        return new OrchestratorException("marathon: cannot " + what + " app " + appId + ": HTTP " + response.statusCode() + hint + ": " + response.body());
    }
}
