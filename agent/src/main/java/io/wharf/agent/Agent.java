package io.wharf.agent;

import io.wharf.agent.docker.ContainerDirectory;
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
        pipeline.start();
        started.push(pipeline);
        // Components are added here in dependency order: sinks first (above), then the HTTP API,
        // metrics collection, log collection, and discovery last so that every listener is in
        // place before the first container is reported.
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
