package io.wharf.autoscaler.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * A fake Kubernetes API server: Kubernetes cannot run on this machine, so this replays the part
 * of its documented API the autoscaler uses: the {@code scale} subresource of apps/v1
 * Deployments and StatefulSets ({@code GET}/{@code PUT .../{name}/scale}, an autoscaling/v1
 * {@code Scale}), the workload's {@code status.readyReplicas}, optimistic concurrency on
 * {@code metadata.resourceVersion} (409 Conflict with the API server's message), and
 * {@code Authorization: Bearer} checking (401 Status otherwise).
 */
public final class FakeKubernetes extends FakeHttpServer {
    public static final class Workload {
        public volatile int replicas;
        public volatile int ready;
        public volatile long resourceVersion;

        Workload(int replicas, int ready, long resourceVersion) {
            this.replicas = replicas;
            this.ready = ready;
            this.resourceVersion = resourceVersion;
        }
    }

    private final Map<String, Workload> workloads = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong(1000);
    private final String token;
    /** Simulates another writer changing the object between the autoscaler's read and its write. */
    public volatile boolean changeBeforeNextWrite;

    public FakeKubernetes(String token, SSLContext tls) {
        super(tls);
        this.token = token;
    }

    /** {@code kind} is deployments or statefulsets. */
    public Workload workload(String namespace, String kind, String name, int replicas, int ready) {
        Workload w = new Workload(replicas, ready, versions.incrementAndGet());
        workloads.put("/apis/apps/v1/namespaces/" + namespace + "/" + kind + "/" + name, w);
        return w;
    }

    @Override
    protected Reply answer(Request r) {
        if (!("Bearer " + token).equals(r.authorization())) {
            return status(401, "Unauthorized", "Unauthorized");
        }
        boolean scale = r.uri().endsWith("/scale");
        String path = scale ? r.uri().substring(0, r.uri().length() - "/scale".length()) : r.uri();
        Workload w = workloads.get(path);
        String[] parts = path.split("/");
        if (w == null || parts.length != 8) {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        String namespace = parts[5];
        String kind = parts[6];
        String name = parts[7];
        if (r.method().equals("GET") && scale) {
            return new Reply(200, scaleJson(namespace, name, w));
        }
        if (r.method().equals("GET")) {
            return new Reply(200, "{\"apiVersion\":\"apps/v1\",\"kind\":\"" + (kind.equals("deployments") ? "Deployment" : "StatefulSet")
                    + "\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\",\"resourceVersion\":\"" + w.resourceVersion
                    + "\"},\"spec\":{\"replicas\":" + w.replicas + "},\"status\":{\"replicas\":" + w.replicas + ",\"readyReplicas\":" + w.ready + "}}");
        }
        if (r.method().equals("PUT") && scale) {
            if (changeBeforeNextWrite) {
                changeBeforeNextWrite = false;
                w.resourceVersion = versions.incrementAndGet();
            }
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String sent = body.path("metadata").path("resourceVersion").asText("");
            if (!sent.isEmpty() && !sent.equals(Long.toString(w.resourceVersion))) {
                return status(409, "Conflict", "Operation cannot be fulfilled on " + kind + ".apps \"" + name
                        + "\": the object has been modified; please apply your changes to the latest version and try again");
            }
            w.replicas = body.path("spec").path("replicas").asInt();
            w.resourceVersion = versions.incrementAndGet();
            return new Reply(200, scaleJson(namespace, name, w));
        }
        return status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    }

    private static String scaleJson(String namespace, String name, Workload w) {
        return "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + namespace
                + "\",\"resourceVersion\":\"" + w.resourceVersion + "\"},\"spec\":{\"replicas\":" + w.replicas
                + "},\"status\":{\"replicas\":" + w.replicas + ",\"selector\":\"app=" + name + "\"}}";
    }

    private static Reply status(int code, String reason, String message) {
        return new Reply(code, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}");
    }
}
