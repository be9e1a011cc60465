package io.wharf.bench.pipeline;

import io.wharf.bench.ProcessUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How the benchmark starts each contender's process, as an operator would, in a fresh folder per run. */
final class Contenders {
    /** Fluent Bit logs this once its pipeline is up (inputs initialised, outputs started). */
    static final String FLUENT_BIT_READY = "[sp] stream processor started";
    /** wharf logs this once every component, Docker discovery last, has started. */
    static final String WHARF_READY = "wharf agent started on host";

    private Contenders() {
    }

    /** What every run needs: the programs, where to work, and the JVM options of the Java contenders. */
    record Setup(Path fluentBit, Path fluentBitConfigs, Path wharfJar, Path work, String elasticsearchUrl, String dockerHost,
                 Duration timeout) {
        /** A new, empty folder for one run. */
        Path runDir(String scenario, String contender, int round) throws IOException {
            Path dir = work.resolve(scenario).resolve(contender + "-r" + round);
            if (Files.exists(dir)) {
                try (var files = Files.walk(dir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return Files.createDirectories(dir);
        }
    }

    /**
     * {@code fluent-bit -q -c CONF}: records on standard output go to {@code dir/out.ndjson}, its log
     * to {@code dir/fluent-bit.log}; {@code env} fills the ${BENCH_*} variables of the configuration.
     */
    static MeasuredProcess fluentBit(Setup setup, String config, Path dir, Map<String, String> env) throws IOException {
        Path log = dir.resolve("fluent-bit.log");
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("BENCH_CONF_DIR", setup.fluentBitConfigs().toString());
        all.put("BENCH_LOG", log.toString());
        List<String> cmd = List.of(setup.fluentBit().toString(), "-q", "-c", setup.fluentBitConfigs().resolve(config).toString());
        return MeasuredProcess.start(cmd, all, dir.resolve("out.ndjson"), dir.resolve("stderr.txt"), log);
    }

    /** {@code java OPTS -jar wharf.jar agent -c dir/agent.yml}, its log in {@code dir/agent.log}. */
    static MeasuredProcess wharfAgent(Setup setup, String javaOpts, Path dir, List<String> configLines) throws IOException {
        Path config = dir.resolve("agent.yml");
        List<String> lines = new ArrayList<>();
        lines.add("agent: {name: bench, data_dir: " + dir.resolve("data") + "}");
        lines.add("docker: {host: \"" + setup.dockerHost() + "\"}");
        lines.addAll(configLines);
        lines.add("metrics: {enabled: false}");
        lines.add("http: {enabled: false}");
        Files.write(config, lines);
        List<String> cmd = ProcessUsage.javaCommand(javaOpts);
        cmd.addAll(List.of("-jar", setup.wharfJar().toString(), "agent", "-c", config.toString()));
        Path log = dir.resolve("agent.log"); // the agent logs to standard error
        return MeasuredProcess.start(cmd, Map.of(), dir.resolve("stdout.txt"), log, log);
    }

    /** The 1-minute load average now, as uptime shows it. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Measures until {@code lines} are delivered, stops the process, and checks that exactly
     * {@code lines} were delivered (a duplicate or a loss makes the run fail, not count).
     */
    static Measurement measure(MeasuredProcess p, String contender, int round, Delivered delivered, long lines, long fromNanos,
            Duration poll, Setup setup, String load) throws Exception {
        Measurement m;
        try (p) {
            m = p.awaitDelivered(contender, round, delivered, lines, fromNanos, poll, setup.timeout(), load);
        }
        long end = delivered.settled();
        if (end != lines) {
            throw new IllegalStateException(contender + " round " + round + ": " + end + " lines delivered, " + lines + " sent");
        }
        return m;
    }
}
