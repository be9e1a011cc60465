package io.wharf.bench.metrics;

import io.wharf.agent.docker.ContainerDirectory;
import io.wharf.bench.ProcessUsage;
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
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One side of {@link MetricsCollectionBench}: the agent's metrics collection as deployed (collector
 * on its 1 s / 10 s schedule, host sampling, points into a pipeline whose sink only counts them) for
 * the containers listed in a file (none for the baseline), in a JVM of its own. After a warm-up it
 * measures the whole process's CPU (utime + stime of /proc/self/stat: every thread, GC and JIT) over
 * the measured phase and prints one {@code RESULT key=value ...} line.
 *
 * <p>Usage: {@code CollectorProcess CONTAINERS_FILE WARMUP_SECONDS SECONDS}; each line of the file is
 * {@code id name image pid}.
 */
public final class CollectorProcess {
    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        int warmup = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        ContainerDirectory directory = new ContainerDirectory();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            directory.started(new ContainerInfo(f[0], f[1], f[2], Map.of(), Map.of(), List.of(), Integer.parseInt(f[3]),
                    "json-file", null, Instant.now(), true, null, Map.of()));
        }
        AtomicLong points = new AtomicLong();
        SelfMetrics self = new SelfMetrics();
        Pipeline pipeline = Pipeline.builder(self).sink(new CountingSink(points), 64L << 20, OverflowPolicy.BLOCK,
                BatchSettings.DEFAULT).build();
        pipeline.start();
        try (MetricsCollector collector = new MetricsCollector(MetricsConfig.defaults(), directory, pipeline.publisher(), "bench",
                self, List.of()).start()) {
            Thread.sleep(warmup * 1000L);
            double rounds0 = self.value("wharf_metrics_rounds_total");
            long ticks0 = ProcessUsage.cpuTicks(ProcessHandle.current().pid());
            long threads0 = collectorThreadsCpuNanos();
            Map<String, Long> threadTicks0 = threadTicks();
            long wall0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            Map<String, Long> threadTicks = threadTicks();
            long ticks = ProcessUsage.cpuTicks(ProcessHandle.current().pid()) - ticks0;
            long threadsNs = collectorThreadsCpuNanos() - threads0;
            double wall = (System.nanoTime() - wall0) / 1e9;
            double rounds = self.value("wharf_metrics_rounds_total") - rounds0;
            System.out.printf(java.util.Locale.ROOT,
                    "RESULT containers=%d sampled=%d rounds=%.0f wall_s=%.2f cpu_s=%.2f collector_threads_s=%.3f points=%d rss_kib=%d heap_used_mib=%.1f%n",
                    lines.stream().filter(l -> !l.isBlank()).count(), collector.store().all().size(), rounds, wall,
                    ticks / (double) ProcessUsage.CLOCK_TICKS_PER_SECOND, threadsNs / 1e9, points.get(),
                    ProcessUsage.rssKib(ProcessHandle.current().pid()),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0);
            // where the process's CPU went, by thread name (JIT, GC and VM threads included)
            StringBuilder top = new StringBuilder("THREADS");
            threadTicks.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - threadTicks0.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .forEach(e -> top.append(' ').append(e.getKey().replace(' ', '_')).append('=').append(e.getValue() * 10).append("ms"));
            System.out.println(top);
        } finally {
            pipeline.close();
        }
    }

    /** utime + stime per thread name (threads of the same name summed), from /proc/self/task. */
    private static Map<String, Long> threadTicks() throws Exception {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (java.io.IOException e) {
                    // thread ended
                }
            }
        }
        return out;
    }

    /** CPU time of the collector's own threads (wharf-metrics-*). */
    private static long collectorThreadsCpuNanos() {
        var mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("wharf-metrics-")) {
                total += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return total;
    }

    record CountingSink(AtomicLong count) implements Sink {
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
