package io.wharf.agent.metrics;

import io.wharf.agent.docker.ContainerDirectory;
import io.wharf.agent.docker.ContainerInfo;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Publisher;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every container in the {@link ContainerDirectory} and the host every {@code interval}
 * into the {@link MetricsStore}, and every {@code flush_interval} publishes InfluxDB points of the
 * latest samples (and of the DIRAC request metrics) to the pipeline.
 *
 * <p>Every round reads what moves each second (CPU counters, memory usage and working set, host
 * CPU/load/memory); every {@code flush_interval / interval}-th round is a full round that also reads
 * limits, block I/O, pids, network and disks, and right after it the points are built from that
 * fresh, complete state. Sampling and publishing run on separate threads, so a sink that applies
 * backpressure delays points, never samples.
 *
 * <p>{@link #close} does not lose the last, partial interval: it waits for the round in progress,
 * takes one last full round, publishes its points and the DIRAC request metrics' open interval,
 * and waits (bounded) until they are handed to the pipeline, which then drains them to the sinks.
 */
public final class MetricsCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsCollector.class);
    /** How long close waits for the round in progress, then for the last points to be queued. */
    static final long CLOSE_TIMEOUT_SECONDS = 5;

    private final MetricsConfig config;
    private final ContainerDirectory directory;
    private final Publisher publisher;
    private final String hostName;
    private final MetricsStore store;
    private final ContainerSampler sampler;
    private final HostSampler hostSampler;
    private final EngineFacts engineFacts;
    private final BlockDeviceNames deviceNames;
    private volatile HostSampler.Machine machine = new HostSampler.Machine(-1, -1, -1);
    private final List<Supplier<List<MetricPoint>>> extraPoints;
    private final Map<String, ContainerSample> lastFlushed = new HashMap<>();
    /**
     * Rounds in a row each container could not be sampled. One failed round is normal (the
     * container exited between the listing and the read); a few in a row for a container discovery
     * still reports as running means its metrics are missing, which is logged once at WARN.
     */
    private final Map<String, Integer> failingRounds = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int WARN_AFTER_FAILED_ROUNDS = 3;
    private final ScheduledExecutorService sampling;
    private final java.util.concurrent.ExecutorService flushing;
    private final long fullEvery;
    private long roundIndex;
    private final SelfMetrics.Counter rounds;
    private final SelfMetrics.Counter errors;
    private final SelfMetrics.Counter published;
    private final SelfMetrics.Summary roundSeconds;
    private volatile boolean ready;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param extraPoints more points to publish at each flush (the DIRAC request metrics' {@code flush})
     */
    public MetricsCollector(MetricsConfig config, ContainerDirectory directory, Publisher publisher, String hostName,
                            SelfMetrics metrics, List<Supplier<List<MetricPoint>>> extraPoints) {
        this(config, directory, publisher, hostName, metrics, extraPoints, new EngineFacts(null));
    }

    /**
     * @param engineFacts what the Docker engine says of itself and of each container, refreshed once
     *                    per flush on the flushing thread (engine_host, container_status, ...)
     */
    public MetricsCollector(MetricsConfig config, ContainerDirectory directory, Publisher publisher, String hostName,
                            SelfMetrics metrics, List<Supplier<List<MetricPoint>>> extraPoints, EngineFacts engineFacts) {
        this.engineFacts = engineFacts;
        this.config = config;
        this.directory = directory;
        this.publisher = publisher;
        this.hostName = hostName;
        this.extraPoints = List.copyOf(extraPoints);
        int capacity = (int) Math.max(1, config.retention().toMillis() / config.interval().toMillis());
        this.store = new MetricsStore(capacity);
        this.sampler = new ContainerSampler(Path.of(config.procPath()));
        this.deviceNames = new BlockDeviceNames(Path.of(config.procPath()).resolve("diskstats"));
        // disks, interfaces and file systems come and go rarely: enumerate them once a minute
        this.hostSampler = new HostSampler(Path.of(config.procPath()), Math.max(60_000, config.flushInterval().toMillis()));
        this.sampling = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "wharf-metrics-sample"));
        this.flushing = Executors.newSingleThreadExecutor(r -> daemon(r, "wharf-metrics-flush"));
        this.fullEvery = Math.max(1, config.flushInterval().toMillis() / config.interval().toMillis());
        this.rounds = metrics.counter("wharf_metrics_rounds_total", "Collection rounds of container and host metrics");
        this.errors = metrics.counter("wharf_metrics_errors_total", "Containers whose cgroup could not be read in a round");
        this.published = metrics.counter("wharf_metrics_points_total", "Metric points handed to the pipeline");
        this.roundSeconds = metrics.summary("wharf_metrics_round_seconds", "Wall time of one collection round");
        metrics.gauge("wharf_metrics_containers", "Containers being sampled", () -> store.all().size());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public MetricsCollector start() {
        // the engine's facts are there before the first points are built, one flush interval later
        flushing.execute(this::refreshEngineFacts);
        sampling.scheduleAtFixedRate(this::safeRound, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The cgroup path of a container ({@code /docker/ID} with cgroupfs), cAdvisor's {@code id} label. */
    public String cgroupPath(String containerId) {
        String path = sampler.cgroupPath(containerId);
        return path != null ? path : "/docker/" + containerId;
    }

    public MetricsStore store() {
        return store;
    }

    /** The engine's facts as of the last flush (empty without an engine). */
    public EngineFacts.Snapshot engineFacts() {
        return engineFacts.latest();
    }

    /** The machine as cAdvisor's root cgroup shows it, at the latest round. */
    public HostSampler.Machine machine() {
        return machine;
    }

    public MetricsConfig config() {
        return config;
    }

    /** Block devices by {@code major:minor}, as cAdvisor names them ({@code /dev/sda}). */
    public BlockDeviceNames deviceNames() {
        return deviceNames;
    }

    private void refreshEngineFacts() {
        try {
            engineFacts.refresh(directory.all());
        } catch (RuntimeException e) {
            LOG.warn("cannot refresh the Docker engine's facts: {}", e.toString());
        }
    }

    /** True once the first round has sampled the host and every known container. */
    public boolean ready() {
        return ready;
    }

    private void safeRound() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("metrics round failed: {}", e.toString());
        }
    }

    /**
     * One collection round; a full one every flush interval, after which the points are handed to
     * the publishing thread. Public for benchmarks that drive rounds themselves.
     */
    public void round() {
        round(false);
    }

    /** @param last the final round of {@link #close}: a full one, always followed by a flush */
    private void round(boolean last) {
        long start = System.nanoTime();
        boolean full = last || roundIndex % fullEvery == 0;
        boolean flushAfter = last || full && roundIndex > 0;
        roundIndex++;
        HostSample host = hostSampler.sample(directory.size(), full);
        long hostCpu = hostSampler.hostCpuNanos();
        Set<String> seen = new HashSet<>();
        for (ContainerInfo c : directory.all()) {
            seen.add(c.id());
            MetricsStore.Series series = store.series(c);
            try {
                series.samples().add(sampler.sample(c, series.samples().latest(), hostCpu, full));
                failingRounds.remove(c.id());
            } catch (Exception e) {
                if (!(e instanceof NoSuchFileException)) {
                    errors.inc();
                }
                int failed = failingRounds.merge(c.id(), 1, Integer::sum);
                if (failed == WARN_AFTER_FAILED_ROUNDS) {
                    LOG.warn("cannot sample container {} (pid {}) for {} rounds: {}; its metrics are missing until this clears",
                            c.name(), c.pid(), failed, e.toString());
                } else {
                    LOG.debug("cannot sample container {}: {}", c.name(), e.toString());
                }
            }
        }
        for (MetricsStore.Series s : store.all()) {
            if (!seen.contains(s.container().id())) {
                store.remove(s.container().id());
                sampler.forget(s.container().id());
                failingRounds.remove(s.container().id());
            }
        }
        store.host().add(host);
        machine = hostSampler.machine();
        if (flushAfter) {
            List<MetricPoint> points = points();
            flushing.execute(() -> safePublish(points));
        }
        rounds.inc();
        roundSeconds.observe((System.nanoTime() - start) / 1e9);
        ready = true;
    }

    private void safePublish(List<MetricPoint> points) {
        try {
            publish(points);
            for (Supplier<List<MetricPoint>> extra : extraPoints) {
                publish(extra.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("metrics flush failed: {}", e.toString());
        }
        // for the next flush's container_status, status and health points: the engine is asked
        // here, off the sampling thread, once per flush (not on the way out)
        if (!closed.get()) {
            refreshEngineFacts();
        }
    }

    /** Publishes the points of the latest samples now, on the caller's thread (benchmarks, shutdown). */
    public void flush() throws InterruptedException {
        publish(points());
        for (Supplier<List<MetricPoint>> extra : extraPoints) {
            publish(extra.get());
        }
    }

    /** The points of the latest samples; CPU percent is averaged since the previous flush. */
    private synchronized List<MetricPoint> points() {
        List<MetricPoint> points = new java.util.ArrayList<>();
        HostSample host = store.host().latest();
        long hostMemory = host == null ? 0 : host.memory().total();
        EngineFacts.Snapshot facts = engineFacts.latest();
        InfluxPoints.Context ctx = new InfluxPoints.Context(facts, config, host == null ? 0 : host.nCpus());
        boolean telegraf = config.influxdbSchemas().contains(MetricsConfig.TELEGRAF);
        boolean cadvisor = config.influxdbSchemas().contains(MetricsConfig.CADVISOR);
        Set<String> alive = new HashSet<>();
        for (MetricsStore.Series s : store.all()) {
            ContainerSample latest = s.samples().latest();
            if (latest == null) {
                continue;
            }
            String id = s.container().id();
            alive.add(id);
            ContainerSample since = lastFlushed.get(id);
            if (since == null) {
                List<ContainerSample> all = s.samples().snapshot();
                since = all.size() > 1 ? all.get(0) : null;
            }
            if (telegraf) {
                points.addAll(InfluxPoints.container(s.container(), hostName, latest, since, hostMemory, ctx));
            }
            if (cadvisor) {
                points.addAll(CadvisorInfluxPoints.container(s.container(), hostName, latest, facts.filesystem(id)));
            }
            lastFlushed.put(id, latest);
        }
        lastFlushed.keySet().retainAll(alive);
        if (host != null) {
            points.addAll(InfluxPoints.host(host, hostName));
            if (telegraf) {
                points.addAll(InfluxPoints.engine(facts.engine(), hostName, host.timestampMillis()));
            }
            if (cadvisor) {
                points.addAll(CadvisorInfluxPoints.machine(host, machine, hostName));
            }
        }
        return points;
    }

    private void publish(List<MetricPoint> points) throws InterruptedException {
        for (MetricPoint p : points) {
            publisher.publish(p);
            published.inc();
        }
    }

    /**
     * Stops sampling, then flushes the last, partial interval: one last full round, its points and
     * the DIRAC request metrics' open interval are handed to the pipeline before this returns (or
     * after at most {@link #CLOSE_TIMEOUT_SECONDS} when a full queue blocks them), so that closing
     * the pipeline afterwards delivers them.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // periodic rounds are cancelled; a round in progress finishes
            sampling.shutdown();
            if (sampling.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                try {
                    round(true); // queues the final publish behind any flush still in progress
                } catch (RuntimeException e) {
                    LOG.warn("last metrics round failed: {}", e.toString());
                }
            } else {
                LOG.warn("metrics round still running after {} s: the last interval is not flushed", CLOSE_TIMEOUT_SECONDS);
            }
            flushing.shutdown();
            if (!flushing.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("last metrics flush not handed to the pipeline within {} s (queue full?): points dropped",
                        CLOSE_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sampling.shutdownNow();
            flushing.shutdownNow();
            sampler.close();
            hostSampler.close();
            engineFacts.close();
        }
    }
}
