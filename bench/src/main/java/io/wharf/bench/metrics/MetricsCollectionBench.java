package io.wharf.bench.metrics;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.wharf.agent.docker.ContainerDirectory;
import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.metrics.MetricsCollector;
import io.wharf.agent.metrics.MetricsConfig;
import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.BatchSettings;
import io.wharf.core.pipeline.OverflowPolicy;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.core.pipeline.Sink;
import io.wharf.testkit.TestContainers;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cost of collecting container metrics: starts N real busybox containers (sleep), runs the
 * agent's collector at 1 s (cgroups, network, host via OSHI, points every 10 s into a pipeline
 * whose sink only counts them) for a while, and reports the process's CPU seconds per collection
 * round (from /proc/self/stat: every thread, GC and JIT included) and its resident memory.
 *
 * <p>Usage: {@code bench/metrics-collection.sh [containers] [seconds]} (defaults 100, 60).
 */
public final class MetricsCollectionBench {
    private static final long CLK_TCK = 100;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        try (TestContainers containers = new TestContainers()) {
            System.out.printf("starting %d busybox containers...%n", n);
            ContainerDirectory directory = new ContainerDirectory();
            for (int i = 0; i < n; i++) {
                String id = containers.spec("bench" + i, "sleep 3600").start();
                directory.started(info(containers, id));
            }
            AtomicLong points = new AtomicLong();
            SelfMetrics self = new SelfMetrics();
            Pipeline pipeline = Pipeline.builder(self).sink(new CountingSink(points), 64L << 20, OverflowPolicy.BLOCK,
                    BatchSettings.DEFAULT).build();
            pipeline.start();
            // Phase 1, the baseline: the same JVM with one thread woken every second doing nothing. On
            // virtual machines a wake-up alone costs measurable CPU; it is subtracted below.
            var idle = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            long idleTicks0 = processCpuTicks();
            idle.scheduleAtFixedRate(() -> { }, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(seconds * 1000L);
            double idleCpu = (processCpuTicks() - idleTicks0) / (double) CLK_TCK;
            idle.shutdownNow();
            MetricsConfig config = MetricsConfig.defaults();
            try (MetricsCollector collector = new MetricsCollector(config, directory, pipeline.publisher(), "bench", self, List.of())) {
                // warm-up: 100 rounds back to back (10 full), so the JIT has compiled the readers
                for (int i = 0; i < 100; i++) {
                    collector.round();
                }
                // Phase 2, the work itself: 100 more rounds back to back (every 10th a full one, as at
                // 1 s / 10 s), CPU of this thread only
                var mx = ManagementFactory.getThreadMXBean();
                long work0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 100; i++) {
                    collector.round();
                }
                double workPerRound = (mx.getCurrentThreadCpuTime() - work0) / 1e9 / 100;
                collector.flush();
                // Phase 3, as deployed: the collector on its schedule (1 s rounds, 10 s flushes)
                collector.start();
                double roundsBefore = self.value("wharf_metrics_rounds_total");
                long cpuBefore = processCpuTicks();
                long collectorBefore = collectorThreadsCpuNanos();
                long wallBefore = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long cpuTicks = processCpuTicks() - cpuBefore;
                double wall = (System.nanoTime() - wallBefore) / 1e9;
                double rounds = self.value("wharf_metrics_rounds_total") - roundsBefore;
                double cpuSeconds = cpuTicks / (double) CLK_TCK;
                long collectorThreadsNs = collectorThreadsCpuNanos() - collectorBefore;
                int sampled = collector.store().all().size();
                System.out.printf("date: %s%n", Instant.now());
                System.out.printf("containers sampled: %d, rounds on schedule: %.0f in %.1f s, points published: %d%n",
                        sampled, rounds, wall, points.get());
                System.out.printf("work per round (100 rounds back to back, sampling thread CPU): %.2f ms = %.3f%% of one core at 1 s%n",
                        workPerRound * 1000, workPerRound * 100);
                System.out.printf("on schedule, process CPU: %.2f s = %.2f ms per round = %.2f%% of one core%n", cpuSeconds,
                        cpuSeconds / rounds * 1000, 100 * cpuSeconds / wall);
                System.out.printf("on schedule, collector threads' CPU: %.2f s = %.2f ms per round%n", collectorThreadsNs / 1e9,
                        collectorThreadsNs / 1e6 / rounds);
                System.out.printf("baseline, same JVM idle with a 1 s wake-up: %.2f s = %.2f%% of one core; "
                        + "on schedule minus baseline: %.2f%% of one core%n", idleCpu, 100 * idleCpu / seconds,
                        100 * (cpuSeconds / wall - idleCpu / seconds));
                System.out.printf("resident memory (VmRSS): %s, heap used: %.1f MiB, max heap: %.0f MiB%n", vmRss(),
                        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0,
                        Runtime.getRuntime().maxMemory() / 1048576.0);
                System.out.printf("JVM: %s %s, args %s%n", System.getProperty("java.vm.name"), System.getProperty("java.version"),
                        ManagementFactory.getRuntimeMXBean().getInputArguments());
            } finally {
                pipeline.close();
            }
            System.out.printf("removing %d containers...%n", n);
        }
    }

    private static ContainerInfo info(TestContainers containers, String id) {
        InspectContainerResponse r = containers.docker().inspectContainerCmd(id).exec();
        return new ContainerInfo(r.getId(), r.getName().substring(1), r.getConfig().getImage(), r.getConfig().getLabels(),
                Map.of(), List.of(), r.getState().getPidLong().intValue(), "json-file", null,
                Instant.parse(r.getState().getStartedAt()), true, null, Map.of());
    }

    /** CPU time of the collector's own threads (wharf-metrics-*), which exist once the collector started. */
    private static long collectorThreadsCpuNanos() {
        var mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("wharf-metrics-")) {
                long ns = mx.getThreadCpuTime(t.getId());
                total += Math.max(0, ns);
            }
        }
        return total;
    }

    /** utime + stime of the whole process, in clock ticks (fields 14 and 15 of /proc/self/stat). */
    private static long processCpuTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static String vmRss() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.substring(6).trim()).findFirst().orElse("?");
    }

    private record CountingSink(AtomicLong count) implements Sink {
        @Override
        public String name() {
            return "count";
        }

        @Override
        public Set<EventKind> accepts() {
            return Set.of(EventKind.METRIC);
        }

        @Override
        public void write(List<Event> batch) {
            count.addAndGet(batch.size());
        }
    }

}
