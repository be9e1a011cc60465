package io.wharf.autoscaler.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wharf.autoscaler.decision.Decision;
import io.wharf.autoscaler.report.DecisionLog;
import io.wharf.core.config.Secret;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /api/v1/autoscaler}: the last decision per service, as JSON. Read-only, on the
 * JDK's HTTP server (one endpoint does not justify more), loopback by default, behind a bearer
 * token when one is configured.
 */
public final class AutoscalerApi implements AutoCloseable {
    public static final String PATH = "/api/v1/autoscaler";

    private final HttpServer server;
    private final ExecutorService executor;
    private final DecisionLog decisions;
    private final boolean dryRun;
    private final Secret token;

    public AutoscalerApi(String host, int port, DecisionLog decisions, boolean dryRun) throws IOException {
        this(host, port, null, decisions, dryRun);
    }

    /** {@code token} null: no authentication (the loopback default); otherwise a bearer token is required. */
    public AutoscalerApi(String host, int port, Secret token, DecisionLog decisions, boolean dryRun) throws IOException {
        this.decisions = decisions;
        this.dryRun = dryRun;
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 16);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "autoscaler-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
            if (!authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"wharf autoscaler\"");
                reply(exchange, 401, Map.of("error", "a bearer token is required (Authorization: Bearer TOKEN)"));
            } else if (!path.equals(PATH)) {
                reply(exchange, 404, Map.of("error", "not found; try " + PATH));
            } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, Map.of("error", "method not allowed"));
            } else {
                reply(exchange, 200, body());
            }
        }
    }

    private boolean authorized(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // constant-time comparison: the token must not leak through response timing
        return MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                token.reveal().getBytes(StandardCharsets.UTF_8));
    }

    Map<String, Object> body() {
        List<Map<String, Object>> services = new ArrayList<>();
        for (DecisionLog.Entry e : decisions.latest()) {
            services.add(toJson(e.orchestrator(), e.decision()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dry_run", dryRun);
        body.put("services", services);
        return body;
    }

    private static Map<String, Object> toJson(String orchestrator, Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", d.service());
        m.put("orchestrator", orchestrator);
        m.put("time", d.time().toString());
        m.put("current", d.current());
        m.put("running", d.running());
        m.put("desired", d.desired());
        m.put("recommended", d.recommended());
        m.put("target", d.target());
        m.put("action", d.action().name().toLowerCase());
        m.put("outcome", d.outcome().name().toLowerCase());
        m.put("reason", d.reason());
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Decision.MetricDesire md : d.metrics()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", md.name());
            x.put("status", md.status().name().toLowerCase());
            x.put("value", md.value());
            x.put("target", md.target());
            x.put("desired", md.desired());
            if (md.detail() != null) {
                x.put("detail", md.detail());
            }
            metrics.add(x);
        }
        m.put("metrics", metrics);
        return m;
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
