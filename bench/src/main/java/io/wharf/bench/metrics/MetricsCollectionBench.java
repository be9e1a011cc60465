package io.wharf.bench.metrics;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.wharf.bench.ProcessUsage;
import io.wharf.testkit.TestContainers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost of collecting container metrics, measured side by side: starts N real busybox containers
 * (sleep), then runs two agent processes ({@link CollectorProcess}) at the same time, with the same
 * JVM options and schedule: one collecting the N containers, one collecting none (the baseline:
 * host sampling, flushes, an idle JVM's own threads). Both share the machine's load, so their
 * difference is what the N containers cost. Reports each one's whole-process CPU and resident
 * memory, and the difference per round.
 *
 * <p>Usage: {@code bench/metrics-collection.sh [containers] [seconds] [warmup seconds]} (defaults
 * 100, 60, 20); the children's JVM options come from {@code BENCH_JAVA_OPTS} (default -Xmx256m).
 */
public final class MetricsCollectionBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String javaOpts = System.getenv().getOrDefault("BENCH_JAVA_OPTS", "-Xmx256m");
        Path dir = Files.createTempDirectory("wharf-metrics-bench");
        try (TestContainers containers = new TestContainers()) {
            System.out.printf("starting %d busybox containers...%n", n);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = containers.spec("bench" + i, "sleep 3600").start();
                InspectContainerResponse r = containers.docker().inspectContainerCmd(id).exec();
                lines.add(String.join(" ", r.getId(), r.getName().substring(1), r.getConfig().getImage(),
                        String.valueOf(r.getState().getPidLong())));
            }
            Path withContainers = Files.write(dir.resolve("containers.txt"), lines);
            Path none = Files.write(dir.resolve("none.txt"), List.of());
            System.out.printf("running both collectors side by side: %d s warm-up, %d s measured, JVM options %s%n", warmup,
                    seconds, javaOpts);
            Process loaded = child(javaOpts, withContainers, warmup, seconds);
            Process baseline = child(javaOpts, none, warmup, seconds);
            Map<String, String> a = result(loaded);
            Map<String, String> b = result(baseline);
            report(n, seconds, javaOpts, a, b);
            System.out.printf("removing %d containers...%n", n);
        }
    }

    private static Process child(String javaOpts, Path containers, int warmup, int seconds) throws Exception {
        List<String> cmd = ProcessUsage.javaCommand(javaOpts);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CollectorProcess.class.getName(), containers.toString(),
                String.valueOf(warmup), String.valueOf(seconds)));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static Map<String, String> result(Process p) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("THREADS")) {
                    out.put("threads", line.substring(7).trim());
                } else if (line.startsWith("RESULT ")) {
                    for (String kv : line.substring(7).split(" ")) {
                        int eq = kv.indexOf('=');
                        out.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            }
        }
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IllegalStateException("collector process failed (exit " + p.exitValue() + ")");
        }
        return out;
    }

    private static void report(int n, int seconds, String javaOpts, Map<String, String> a, Map<String, String> b) {
        double cpuA = d(a, "cpu_s");
        double cpuB = d(b, "cpu_s");
        double wallA = d(a, "wall_s");
        double wallB = d(b, "wall_s");
        double roundsA = d(a, "rounds");
        double pctA = 100 * cpuA / wallA;
        double pctB = 100 * cpuB / wallB;
        double diffPerRoundMs = (cpuA / roundsA - cpuB / d(b, "rounds")) * 1000;
        System.out.printf(Locale.ROOT, "date: %s, JVM %s %s, options %s, %d s measured%n", Instant.now(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), javaOpts, seconds);
        System.out.printf(Locale.ROOT, "%-34s %14s %14s%n", "", n + " containers", "0 (baseline)");
        System.out.printf(Locale.ROOT, "%-34s %14s %14s%n", "containers sampled", a.get("sampled"), b.get("sampled"));
        System.out.printf(Locale.ROOT, "%-34s %14s %14s%n", "rounds on schedule", a.get("rounds"), b.get("rounds"));
        System.out.printf(Locale.ROOT, "%-34s %14s %14s%n", "points published", a.get("points"), b.get("points"));
        System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f%n", "whole process CPU (s)", cpuA, cpuB);
        System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f%n", "  = % of one core", pctA, pctB);
        System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f%n", "  per round (ms)", cpuA / roundsA * 1000,
                cpuB / d(b, "rounds") * 1000);
        System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f%n", "collector threads per round (ms)",
                d(a, "collector_threads_s") / roundsA * 1000, d(b, "collector_threads_s") / d(b, "rounds") * 1000);
        System.out.printf(Locale.ROOT, "%-34s %14.1f %14.1f%n", "resident memory VmRSS (MiB)", d(a, "rss_kib") / 1024,
                d(b, "rss_kib") / 1024);
        System.out.printf(Locale.ROOT, "%-34s %14s %14s%n", "heap used at the end (MiB)", a.get("heap_used_mib"),
                b.get("heap_used_mib"));
        System.out.printf("CPU by thread, %d containers: %s%n", n, a.get("threads"));
        System.out.printf("CPU by thread, baseline: %s%n", b.get("threads"));
        System.out.printf(Locale.ROOT, "difference (the %d containers): %.2f ms of CPU per round = %.2f %% of one core at 1 s%n", n,
                diffPerRoundMs, diffPerRoundMs / 10);
    }

    private static double d(Map<String, String> m, String key) {
        return Double.parseDouble(m.get(key));
    }
}
