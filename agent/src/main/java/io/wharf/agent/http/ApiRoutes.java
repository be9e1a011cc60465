package io.wharf.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wharf.agent.docker.ContainerDirectory;
import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.logs.LogLosses;
import io.wharf.agent.metrics.ContainerSample;
import io.wharf.agent.metrics.HostSample;
import io.wharf.agent.metrics.MetricsCollector;
import io.wharf.agent.metrics.MetricsStore;
import io.wharf.agent.metrics.cgroup.CgroupStats;
import io.wharf.core.config.Secret;
import io.wharf.core.metrics.SelfMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's HTTP API, independent of the transport: a request's method, path and Authorization
 * header in, an {@link ApiResponse} out. Probes (/healthz, /readyz) and the static page are open;
 * everything else needs the bearer token when one is configured.
 */
public final class ApiRoutes {
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private final MetricsCollector collector;
    private final ContainerDirectory directory;
    private final SelfMetrics selfMetrics;
    private final String hostName;
    private final byte[] token;
    private final byte[] indexPage;
    private final LogLosses logLosses;

    /** @param collector null when metrics collection is disabled */
    public ApiRoutes(MetricsCollector collector, ContainerDirectory directory, SelfMetrics selfMetrics, String hostName,
                     Secret bearerToken) {
        this(collector, directory, selfMetrics, hostName, bearerToken, null);
    }

    /** @param logLosses the log lines known to be lost, shown by {@code /api/v1/machine}; null when logs are not collected */
    public ApiRoutes(MetricsCollector collector, ContainerDirectory directory, SelfMetrics selfMetrics, String hostName,
                     Secret bearerToken, LogLosses logLosses) {
        this.logLosses = logLosses;
        this.collector = collector;
        this.directory = directory;
        this.selfMetrics = selfMetrics;
        this.hostName = hostName;
        this.token = bearerToken == null || bearerToken.isEmpty() ? null : bearerToken.reveal().getBytes(StandardCharsets.UTF_8);
        this.indexPage = resource("index.html");
    }

    public ApiResponse handle(String method, String path, String authorization) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return ApiResponse.error(405, "only GET is served");
        }
        switch (path) {
            case "/healthz":
                return ApiResponse.of(200, ApiResponse.TEXT, "ok\n");
            case "/readyz":
                boolean ready = collector == null || collector.ready();
                return ApiResponse.of(ready ? 200 : 503, ApiResponse.TEXT, ready ? "ready\n" : "first collection round pending\n");
            case "/":
            case "/index.html":
                return new ApiResponse(200, ApiResponse.HTML, indexPage);
            default:
                break;
        }
        if (!authorized(authorization)) {
            return ApiResponse.error(401, "missing or wrong bearer token");
        }
        try {
            if (path.equals("/metrics")) {
                return ApiResponse.of(200, ApiResponse.PROMETHEUS, metrics());
            }
            if (path.equals("/api/v1/containers")) {
                return ApiResponse.json(200, JSON.writeValueAsString(containers()));
            }
            if (path.startsWith("/api/v1/containers/")) {
                Optional<Map<String, Object>> c = container(path.substring("/api/v1/containers/".length()));
                return c.isPresent() ? ApiResponse.json(200, JSON.writeValueAsString(c.get()))
                        : ApiResponse.error(404, "no such container");
            }
            if (path.equals("/api/v1/machine")) {
                return ApiResponse.json(200, JSON.writeValueAsString(machine()));
            }
        } catch (JsonProcessingException e) {
            return ApiResponse.error(500, e.getOriginalMessage());
        }
        return ApiResponse.error(404, "no such route: " + path);
    }

    /** {@code Authorization: Bearer <token>}; the scheme name is case-insensitive (RFC 7235 section 2.1), the token is not. */
    private boolean authorized(String authorization) {
        if (token == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String given = authorization.substring(7).stripLeading(); // 1*SP between scheme and credentials
        // constant time: the token must not leak through response timing
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private String metrics() {
        StringBuilder sb = new StringBuilder();
        if (collector != null) {
            sb.append(CadvisorExposition.render(collector));
        }
        selfMetrics.writePrometheus(sb);
        return sb.toString();
    }

    private List<Map<String, Object>> containers() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ContainerInfo c : directory.all()) {
            Map<String, Object> m = summary(c);
            ContainerSample latest = latest(c.id());
            if (latest != null) {
                m.put("latest", brief(latest));
            }
            out.add(m);
        }
        out.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
        return out;
    }

    private Optional<Map<String, Object>> container(String idOrName) {
        return directory.find(idOrName).map(c -> {
            Map<String, Object> m = summary(c);
            m.put("labels", c.labels());
            m.put("orchestrator", c.orchestrator());
            m.put("pid", c.pid());
            m.put("started_at", c.startedAt() == null ? null : c.startedAt().toString());
            if (collector != null) {
                m.put("cgroup", collector.cgroupPath(c.id()));
                collector.store().find(c.id()).ifPresent(s -> {
                    List<ContainerSample> samples = s.samples().snapshot();
                    m.put("latest", samples.isEmpty() ? null : brief(samples.get(samples.size() - 1)));
                    m.put("samples", samples);
                });
            }
            return m;
        });
    }

    private Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", hostName);
        m.put("containers", directory.size());
        HostSample latest = collector == null ? null : collector.store().host().latest();
        if (latest != null) {
            m.put("n_cpus", latest.nCpus());
            m.put("memory_total", latest.memory().total());
            m.put("latest", latest);
        }
        if (logLosses != null) {
            m.put("log_losses", logLosses.status());
        }
        return m;
    }

    private ContainerSample latest(String id) {
        if (collector == null) {
            return null;
        }
        return collector.store().find(id).map(MetricsStore.Series::samples).map(r -> r.latest()).orElse(null);
    }

    private static Map<String, Object> summary(ContainerInfo c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("image", c.image());
        m.put("service", c.serviceName());
        return m;
    }

    /** The numbers the list view shows. */
    private static Map<String, Object> brief(ContainerSample s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", s.timestampMillis());
        m.put("cpu_percent", Double.isNaN(s.cpuPercent()) ? null : s.cpuPercent());
        CgroupStats.Memory mem = s.cgroup().memory();
        if (mem != null) {
            m.put("memory_usage", mem.usage());
            m.put("memory_working_set", mem.workingSet());
            m.put("memory_limit", mem.limit() > 0 ? mem.limit() : null);
        }
        if (s.cgroup().cpu() != null) {
            double cores = s.cgroup().cpu().limitCores();
            m.put("cpu_limit_cores", cores > 0 ? cores : null);
        }
        return m;
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiRoutes.class.getResourceAsStream(name)) {
            return in == null ? "<h1>wharf</h1>".getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
