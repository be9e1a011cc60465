package io.wharf.autoscaler.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake Marathon: Marathon cannot run on this machine, so this replays the part of its
 * documented REST API (Marathon 1.x, /v2/apps) the autoscaler uses: {@code GET /v2/apps/{id}}
 * answering {@code {"app": {...instances, tasksRunning, deployments}}}, {@code PUT /v2/apps/{id}}
 * answering {@code {"version", "deploymentId"}}, 409 with Marathon's lock message while a
 * deployment is in progress (unless {@code ?force=true}), 404 for unknown apps, and 401 when the
 * {@code Authorization} header is not the expected one.
 */
public final class FakeMarathon extends FakeHttpServer {
    public static final class App {
        public volatile int instances;
        public volatile int tasksRunning;
        public volatile String lockingDeployment;

        App(int instances, int tasksRunning) {
            this.instances = instances;
            this.tasksRunning = tasksRunning;
        }
    }

    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final String expectedAuthorization;

    public FakeMarathon(String expectedAuthorization) {
        super(null);
        this.expectedAuthorization = expectedAuthorization;
    }

    public App app(String id, int instances, int running) {
        App app = new App(instances, running);
        apps.put(id, app);
        return app;
    }

    @Override
    protected Reply answer(Request r) {
        if (expectedAuthorization != null && !expectedAuthorization.equals(r.authorization())) {
            return new Reply(401, "{\"message\":\"Invalid username or password.\"}");
        }
        String uri = r.uri();
        boolean force = uri.endsWith("?force=true");
        String id = uri.replaceFirst("\\?.*$", "").replaceFirst("^/v2/apps", "");
        App app = apps.get(id);
        if (app == null) {
            return new Reply(404, "{\"message\":\"App '" + id + "' does not exist\"}");
        }
        switch (r.method()) {
            case "GET" -> {
                String deployments = app.lockingDeployment == null ? "[]" : "[{\"id\":\"" + app.lockingDeployment + "\"}]";
                return new Reply(200, "{\"app\":{\"id\":\"" + id + "\",\"cmd\":\"sleep 1000\",\"cpus\":0.1,\"mem\":32,"
                        + "\"instances\":" + app.instances + ",\"tasksStaged\":0,\"tasksRunning\":" + app.tasksRunning
                        + ",\"tasksHealthy\":" + app.tasksRunning + ",\"tasksUnhealthy\":0,\"deployments\":" + deployments + "}}");
            }
            case "PUT" -> {
                if (app.lockingDeployment != null && !force) {
                    return new Reply(409, "{\"message\":\"App is locked by one or more deployments. Override with the option "
                            + "'?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.\",\"deployments\":[{\"id\":\""
                            + app.lockingDeployment + "\"}]}");
                }
                JsonNode body;
                try {
                    body = Json.MAPPER.readTree(r.body());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (!body.has("instances")) {
                    return new Reply(422, "{\"message\":\"Object is not valid\"}");
                }
                app.instances = body.get("instances").asInt();
                return new Reply(200, "{\"version\":\"2026-11-21T12:00:00.000Z\",\"deploymentId\":\"" + UUID.randomUUID() + "\"}");
            }
            default -> {
                return new Reply(405, "{\"message\":\"HTTP 405 Method Not Allowed\"}");
            }
        }
    }
}
