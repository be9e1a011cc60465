package io.wharf.bench.logs;

import io.wharf.bench.ProcessUsage;
import io.wharf.testkit.Stack;
import io.wharf.testkit.TestContainers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What following container logs costs the whole agent, measured side by side: N real busybox
 * containers, quiet (nothing written, or one line and then nothing) or each printing R lines per second, and two agent processes
 * ({@code wharf.jar agent}) running at the same time with the same JVM options. One follows the N
 * containers' logs; the other discovers the same containers but excludes them by rule (the
 * baseline: discovery, an idle pipeline, the JVM's own threads). Metrics and the HTTP API are off in
 * both, so the difference is the tailers and the rotation watcher. CPU is read from
 * {@code /proc/<pid>/stat} over the measured window, resident memory from {@code /proc/<pid>/status}.
 *
 * <p>Usage: {@code bench/run follow [containers] [empty|quiet|lines/s per container] [seconds] [warm-up seconds]}
 * (defaults 100, quiet, 60, 20); the agents' JVM options come from {@code BENCH_JAVA_OPTS} (default -Xmx256m).
 */
public final class FollowCostBench {
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        String mode = args.length > 2 ? args[2] : "quiet";
        int rate = mode.equals("empty") || mode.equals("quiet") ? 0 : Integer.parseInt(mode);
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        String javaOpts = System.getenv().getOrDefault("BENCH_JAVA_OPTS", "-Xmx256m");
        Path dir = Files.createTempDirectory("wharf-follow-bench");
        try (TestContainers containers = new TestContainers()) {
            System.out.printf("starting %d busybox containers, %s...%n", n, describe(mode));
            String script = mode.equals("empty") ? "sleep 3600"
                    : mode.equals("quiet") ? "echo started; sleep 3600"
                    : String.format(Locale.ROOT, "i=0; while :; do i=$((i+1)); echo \"line $i\"; usleep %d; done", 1_000_000 / rate);
            for (int i = 0; i < n; i++) {
                containers.spec("follow" + i, script).start();
            }
            String runLabel = "wharf.test=" + containers.runId();
            Agent following = Agent.start(jar, javaOpts, dir.resolve("following"), "{label: \"" + runLabel + "\"}", false,
                    "following container wharf-test-follow", n);
            Agent baseline = Agent.start(jar, javaOpts, dir.resolve("baseline"), "{label: \"" + runLabel + "\"}", true,
                    "container wharf-test-follow", n);
            try {
                following.awaitReady();
                baseline.awaitReady();
                System.out.printf("both agents see the %d containers; %d s warm-up, then %d s measured, JVM options %s%n", n,
                        warmup, seconds, javaOpts);
                TimeUnit.SECONDS.sleep(warmup);
                long f0 = following.cpuTicks();
                long b0 = baseline.cpuTicks();
                long lines0 = following.linesWritten();
                TimeUnit.SECONDS.sleep(seconds);
                double fCpu = (following.cpuTicks() - f0) / (double) ProcessUsage.CLOCK_TICKS_PER_SECOND;
                double bCpu = (baseline.cpuTicks() - b0) / (double) ProcessUsage.CLOCK_TICKS_PER_SECOND;
                long lines = following.linesWritten() - lines0;
                report(n, mode, seconds, javaOpts, fCpu, bCpu, following.rssKib(), baseline.rssKib(), lines);
            } finally {
                following.stop();
                baseline.stop();
            }
            System.out.printf("removing %d containers...%n", n);
        }
    }

    private static String describe(String mode) {
        return switch (mode) {
            case "empty" -> "quiet, nothing ever written";
            case "quiet" -> "quiet after one line";
            default -> mode + " lines/s each";
        };
    }

    private static void report(int n, String mode, int seconds, String javaOpts, double fCpu, double bCpu, long fRss, long bRss,
            long lines) {
        double diff = fCpu - bCpu;
        System.out.printf(Locale.ROOT, "%n%s  %d containers, %s, %d s measured, JVM %s, load average %s%n", Instant.now(), n,
                describe(mode), seconds, javaOpts, loadAverage());
        System.out.printf(Locale.ROOT, "  following agent: CPU %.2f s = %.2f%% of a core, RSS %d MiB, %d lines written%n", fCpu,
                100 * fCpu / seconds, fRss / 1024, lines);
        System.out.printf(Locale.ROOT, "  baseline agent:  CPU %.2f s = %.2f%% of a core, RSS %d MiB%n", bCpu, 100 * bCpu / seconds,
                bRss / 1024);
        System.out.printf(Locale.ROOT, "  following costs %.2f%% of a core for %d containers (%.4f%% each)", 100 * diff / seconds, n,
                100 * diff / seconds / n);
        if (lines > 0) {
            System.out.printf(Locale.ROOT, ", %.1f CPU s per million lines", diff / lines * 1e6);
        }
        System.out.println();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** One {@code wharf agent} process with a configuration written for this benchmark. */
    private static final class Agent {
        private final Process process;
        private final Path out;
        private final CountDownLatch ready;

        private Agent(Process process, Path out, CountDownLatch ready) {
            this.process = process;
            this.out = out;
            this.ready = ready;
        }

        /**
         * @param match the rule's match that selects the benchmark's containers
         * @param exclude whether the rule excludes them (the baseline) or follows them
         * @param readyLine the log line said once per benchmark container when the agent has handled it
         */
        static Agent start(Path jar, String javaOpts, Path dir, String match, boolean exclude, String readyLine, int n)
                throws IOException {
            Files.createDirectories(dir);
            Path out = dir.resolve("out");
            Path config = dir.resolve("agent.yml");
            Files.writeString(config, String.join("\n",
                    "agent: {name: follow-bench, data_dir: " + dir.resolve("data") + "}",
                    "docker: {host: \"" + Stack.dockerHost() + "\"}",
                    "logs:",
                    "  parser: none",
                    "  rules:",
                    "    - match: " + match,
                    exclude ? "      exclude: true" : "      parser: none",
                    "    - match: {name: \"*\"}",
                    "      exclude: true",
                    "metrics: {enabled: false}",
                    "http: {enabled: false}",
                    "outputs:",
                    "  file: {path: " + out + "}",
                    ""));
            List<String> cmd = ProcessUsage.javaCommand(javaOpts);
            cmd.addAll(List.of("-jar", jar.toString(), "agent", "-c", config.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CountDownLatch ready = new CountDownLatch(n);
            // Reads the agent's log to the end (a full pipe would stop it) and counts the containers it has handled.
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.contains(readyLine)) {
                            ready.countDown();
                        } else if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                            System.out.println("  agent " + dir.getFileName() + ": " + line);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "log-" + dir.getFileName());
            reader.setDaemon(true);
            reader.start();
            return new Agent(p, out, ready);
        }

        void awaitReady() throws InterruptedException {
            if (!ready.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the agent did not handle every container within 120 s (" + ready.getCount()
                        + " left; alive: " + process.isAlive() + ")");
            }
        }

        long cpuTicks() throws IOException {
            return ProcessUsage.cpuTicks(process.pid());
        }

        long rssKib() throws IOException {
            return ProcessUsage.rssKib(process.pid());
        }

        long linesWritten() throws IOException {
            Path events = out.resolve("events.ndjson");
            if (!Files.exists(events)) {
                return 0;
            }
            try (Stream<String> lines = Files.lines(events)) {
                return lines.count();
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
