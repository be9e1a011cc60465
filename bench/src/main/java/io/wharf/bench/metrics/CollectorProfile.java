package io.wharf.bench.metrics;

import io.wharf.agent.docker.ContainerDirectory;
import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.metrics.MetricsCollector;
import io.wharf.agent.metrics.MetricsConfig;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.BatchSettings;
import io.wharf.core.pipeline.OverflowPolicy;
import io.wharf.core.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * For profiling only (e.g. under JFR): the collector's rounds back to back, on the calling thread,
 * for the containers of a {@link CollectorProcess} file, so that a sampling profiler sees the
 * collection code and nothing else. Prints the thread's CPU per round.
 * Usage: {@code CollectorProfile CONTAINERS_FILE SECONDS}.
 */
public final class CollectorProfile {
    public static void main(String[] args) throws Exception {
        ContainerDirectory directory = new ContainerDirectory();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.split(" ");
            directory.started(new ContainerInfo(f[0], f[1], f[2], Map.of(), Map.of(), List.of(), Integer.parseInt(f[3]),
                    "json-file", null, Instant.now(), true, null, Map.of()));
        }
        SelfMetrics self = new SelfMetrics();
        Pipeline pipeline = Pipeline.builder(self).sink(new CollectorProcess.CountingSink(new java.util.concurrent.atomic.AtomicLong()),
                64L << 20, OverflowPolicy.DROP_OLDEST, BatchSettings.DEFAULT).build();
        pipeline.start();
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        try (MetricsCollector collector = new MetricsCollector(MetricsConfig.defaults(), directory, pipeline.publisher(), "profile",
                self, List.of())) {
            long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
            long cpu0 = mx.getCurrentThreadCpuTime();
            int rounds = 0;
            long fullNs = 0;
            while (System.nanoTime() < end) {
                long before = mx.getCurrentThreadCpuTime();
                collector.round(); // every 10th (the first included) is a full round
                if (rounds % 10 == 0) {
                    fullNs += mx.getCurrentThreadCpuTime() - before;
                }
                rounds++;
            }
            long total = mx.getCurrentThreadCpuTime() - cpu0;
            int full = (rounds + 9) / 10;
            System.out.printf("%d rounds, %.3f ms of thread CPU per round: full rounds (points built) %.3f ms, others %.3f ms%n", rounds,
                    total / 1e6 / rounds, fullNs / 1e6 / full, (total - fullNs) / 1e6 / (rounds - full));
        } finally {
            pipeline.close();
        }
    }
}
