package io.wharf.agent;

import io.wharf.agent.docker.ContainerDirectory;
import io.wharf.agent.docker.DiscoveryHooks;
import io.wharf.agent.docker.DockerDiscovery;
import io.wharf.agent.logs.LogCollector;
import io.wharf.agent.registry.Registry;
import java.nio.file.Path;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.Sinks;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
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
    /** What to close on shutdown, most recently started first. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private Agent(AgentConfig config, SelfMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.pipeline = Sinks.pipeline(config.outputs(), metrics);
        this.hostName = config.agent().name() != null ? config.agent().name() : localHostName();
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
        // Components are added here in dependency order: sinks first (above), then the HTTP API,
        // metrics collection, log collection, and discovery last so that every listener is in
        // place before the first container is reported.
        DiscoveryHooks hooks = DiscoveryHooks.NONE;
        if (config.logs().enabled()) {
            LogCollector logs = new LogCollector(config.logs(), registry, pipeline.publisher(), hostName);
            containers.addListener(logs);
            logs.start();
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
