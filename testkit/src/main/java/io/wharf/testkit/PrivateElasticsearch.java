package io.wharf.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An Elasticsearch node of the test's own, for tests that must stop the server: the installed
 * distribution {@code scripts/stack} uses, on free HTTP and transport ports, with its data, logs
 * and configuration under a folder the test gives (under {@code target/}). {@link #stop()}
 * sends SIGTERM and waits until the process is gone; {@link #start()} starts it again on the
 * same ports and the same data. {@link #close()} stops it and deletes its data (the logs stay);
 * a JVM shutdown hook kills it should the test JVM die first. The shared server is never touched.
 */
public final class PrivateElasticsearch implements AutoCloseable {
    private static final String VERSION = "8.19.7";

    private final Path dir;
    private final Map<String, String> settings;
    private final int httpPort;
    private final int transportPort;
    private final Thread shutdownHook;
    private volatile ProcessHandle process;

    private PrivateElasticsearch(Path dir, Map<String, String> extra) {
        this.dir = dir.toAbsolutePath();
        this.httpPort = PrivateServer.freePort();
        this.transportPort = PrivateServer.freePort();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("discovery.type", "single-node");
        s.put("xpack.security.enabled", "false");
        s.put("network.host", "127.0.0.1");
        s.put("http.port", String.valueOf(httpPort));
        s.put("transport.port", String.valueOf(transportPort));
        s.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        s.put("path.data", this.dir.resolve("data").toString());
        s.put("path.logs", this.dir.resolve("logs").toString());
        s.putAll(extra);
        this.settings = s;
        this.shutdownHook = PrivateServer.reaper("private-elasticsearch-reaper", () -> process);
    }

    /**
     * Starts a fresh node in {@code dir} (a 512 MiB heap) with {@code extraSettings} on top of the
     * ones a single test node needs (e.g. {@code http.max_content_length}); returns once it is healthy.
     */
    public static PrivateElasticsearch start(Path dir, Map<String, String> extraSettings) {
        PrivateElasticsearch es = new PrivateElasticsearch(dir, extraSettings);
        try {
            es.prepare();
            es.start();
        } catch (RuntimeException e) {
            es.close();
            throw e;
        }
        return es;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public boolean isRunning() {
        ProcessHandle p = process;
        return p != null && p.isAlive();
    }

    private static Path home() {
        String cache = System.getenv().getOrDefault("WHARF_STACK_CACHE", "/var/cache/wharf-stack");
        return Path.of(cache, "elasticsearch-" + VERSION);
    }

    private void prepare() {
        Path home = home();
        if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("no Elasticsearch distribution at " + home + ": run scripts/stack up elasticsearch");
        }
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("logs"));
            if (!Files.exists(dir.resolve("config"))) {
                // Its own copy of the configuration: the node must not share files with the stack's node.
                PrivateServer.run(List.of("cp", "-r", home.resolve("config").toString(), dir.resolve("config").toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (PrivateServer.isRoot()) {
            // Elasticsearch refuses to run as root: like scripts/stack, run it as the user es.
            PrivateServer.run(List.of("chown", "-R", "es", dir.toString()));
        }
    }

    /** Starts the node (again: same ports, same data) and waits until it reports a usable cluster. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Path pidFile = dir.resolve("pid");
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(home().resolve("bin/elasticsearch").toString());
        command.add("-d");
        command.add("-p");
        command.add(pidFile.toString());
        settings.forEach((k, v) -> command.add("-E" + k + "=" + v));
        String javaHome = System.getenv().getOrDefault("WHARF_STACK_JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64");
        String env = "ES_PATH_CONF=" + dir.resolve("config") + " ES_JAVA_HOME=" + javaHome + " ES_JAVA_OPTS='-Xms512m -Xmx512m'";
        String line = env + " " + command.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
        List<String> launcher = PrivateServer.isRoot() ? List.of("su", "es", "-s", "/bin/bash", "-c", line) : List.of("/bin/bash", "-c", line);
        Path startLog = dir.resolve("start.log");
        try {
            // -d: the launcher returns once the node runs in the background, its pid in the pid file
            Process launch = new ProcessBuilder(launcher).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(startLog.toFile()).start();
            if (!launch.waitFor(180, java.util.concurrent.TimeUnit.SECONDS) || launch.exitValue() != 0) {
                launch.destroyForcibly();
                throw new IllegalStateException("Elasticsearch did not start:\n" + PrivateServer.tail(startLog, 30));
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
                    "Elasticsearch pid " + pid + " is gone:\n" + PrivateServer.tail(startLog, 30)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        PrivateServer.awaitHealthy("Elasticsearch on " + url(), Duration.ofSeconds(120), Duration.ofMillis(250), this::healthy,
                this::isRunning, startLog);
    }

    /** Green or yellow, and every shard there was before the stop assigned again (no red index). */
    private boolean healthy() {
        try {
            var r = Http.get(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s");
            return r.status() == 200 && !r.body().contains("\"status\":\"red\"");
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** Stops the node for real: SIGTERM, and returns once the process has exited. */
    public synchronized void stop() {
        ProcessHandle p = process;
        if (p != null) {
            PrivateServer.terminate(p, Duration.ofSeconds(60));
        }
    }

    @Override
    public void close() {
        try {
            stop();
            // the logs stay for whoever reads a failure; the data goes
            PrivateServer.deleteTree(dir.resolve("data"));
        } finally {
            process = null;
            PrivateServer.unregister(shutdownHook);
        }
    }
}
