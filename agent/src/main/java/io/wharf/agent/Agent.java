package io.wharf.agent;

import io.wharf.agent.docker.ContainerDirectory;
import io.wharf.agent.docker.DiscoveryHooks;
import io.wharf.agent.docker.DockerDiscovery;
import io.wharf.agent.http.ApiRoutes;
import io.wharf.agent.http.HttpApi;
import io.wharf.agent.metrics.DiracRequestMetrics;
import io.wharf.agent.logs.LogCollector;
import io.wharf.agent.logs.LogLosses;
import io.wharf.agent.metrics.MetricsCollector;
import io.wharf.agent.registry.Registry;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.Sinks;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-host daemon: wires discovery, log collection, metrics collection and the HTTP API to
 * the pipeline of sinks, and stops them in reverse order. Holds no logic of its own.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final SelfMetrics metrics;
    private final Pipeline pipeline;
    private final ContainerDirectory containers = new ContainerDirectory();
    private final String hostName;
    /** Observes parsed DIRAC log events; log collection runs it as one of its processors. Null when disabled. */
    private final DiracRequestMetrics diracRequests;
    private MetricsCollector metricsCollector;
    private HttpApi httpApi;
    /** What to close on shutdown, most recently started first. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private Agent(AgentConfig config, SelfMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.pipeline = Sinks.pipeline(config.outputs(), metrics);
        this.hostName = config.agent().name() != null ? config.agent().name() : localHostName();
        this.diracRequests = config.metrics().enabled() && config.metrics().diracRequests()
                ? new DiracRequestMetrics(hostName) : null;
    }

    /** Starts every component; on failure, stops what was started and rethrows. */
    public static Agent start(AgentConfig config) throws Exception {
        Agent agent = new Agent(config, new SelfMetrics());
        try {
            agent.startComponents();
        } catch (Exception e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    private void startComponents() throws Exception {
        // The registry is closed (saved a last time) after the pipeline has drained, so it records
        // every acknowledgement of the final batches: pushed first, closed last.
        Registry registry = Registry.open(Path.of(config.agent().dataDir(), "registry"), config.logs().registryFlush());
        started.push(registry);
        pipeline.start();
        started.push(pipeline);
        // Log collection starts first: it reads the running containers' logs from Docker's folder at
        // once, so the first lines are read while the metrics collector (OSHI), the HTTP server and the
        // Docker client are still being set up (seconds on a loaded host, in which Docker may rotate
        // logs away). It is stopped before them, as before: its last events reach the DIRAC request
        // metrics before the collector's final flush. Discovery comes last, so that every listener is
        // in place before it reports a container; metrics and the HTTP API need no event to catch up
        // on (they read the ContainerDirectory on each round/request), and /healthz answers while
        // discovery connects to the engine. The collector starts before the API, which serves its store.
        // Losses are counted from the start (at 0), so a scrape can tell "nothing lost" from "not reported".
        LogLosses logLosses = config.logs().enabled() ? new LogLosses(metrics) : null;
        LogCollector logs = null;
        if (config.logs().enabled()) {
            logs = new LogCollector(config.logs(), registry, pipeline.publisher(), hostName, diracRequests, metrics, logLosses);
            containers.addListener(logs);
            logs.start(config.docker().selfToExclude().map(java.util.Set::of).orElse(java.util.Set.of()));
        }
        try {
            if (config.metrics().enabled()) {
                metricsCollector = new MetricsCollector(config.metrics(), containers, pipeline.publisher(), hostName, metrics,
                        diracRequests == null ? List.of() : List.of(diracRequests::flush),
                        new io.wharf.agent.metrics.EngineFacts(io.wharf.agent.docker.DockerClients.create(config.docker()))).start();
                started.push(metricsCollector);
            }
            if (config.http().enabled()) {
                httpApi = HttpApi.start(config.http(),
                        new ApiRoutes(metricsCollector, containers, metrics, hostName, config.http().bearerToken(), logLosses));
                started.push(httpApi);
            }
        } catch (Exception e) {
            if (logs != null) {
                logs.close();
            }
            throw e;
        }
        DiscoveryHooks hooks = DiscoveryHooks.NONE;
        if (logs != null) {
            started.push(logs);
            hooks = logs;
        }
        DockerDiscovery discovery = new DockerDiscovery(config.docker(), containers, hooks,
                registry.previousRunLastSeen().orElse(null));
        started.push(discovery);
        discovery.start(5000);
        LOG.info("wharf agent started on host {}", hostName);
    }

    public AgentConfig config() {
        return config;
    }

    public SelfMetrics metrics() {
        return metrics;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public ContainerDirectory containers() {
        return containers;
    }

    /** The DIRAC request metrics processor to run on every parsed log event; null when disabled. */
    public DiracRequestMetrics diracRequestMetrics() {
        return diracRequests;
    }

    /** Null when metrics are disabled. */
    public MetricsCollector metricsCollector() {
        return metricsCollector;
    }

    /** Null when the HTTP API is disabled. */
    public HttpApi httpApi() {
        return httpApi;
    }

    public String hostName() {
        return hostName;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }

    static String localHostName() {
        String fromEnv = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return fromEnv != null ? fromEnv : "localhost";
        }
    }
}
