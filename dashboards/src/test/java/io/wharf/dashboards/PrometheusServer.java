package io.wharf.dashboards;

import static org.awaitility.Awaitility.await;

import io.wharf.testkit.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's package, /usr/bin/prometheus) of the test's own, on a free port,
 * scraping one target every second. Stopped and its data deleted on close.
 */
final class PrometheusServer implements AutoCloseable {
    static final String BINARY = System.getenv().getOrDefault("WHARF_PROMETHEUS_BIN", "/usr/bin/prometheus");

    private final Process process;
    private final Path dir;
    private final String url;

    private PrometheusServer(Process process, Path dir, String url) {
        this.process = process;
        this.dir = dir;
        this.url = url;
    }

    static boolean installed() {
        return java.nio.file.Files.isExecutable(Path.of(BINARY));
    }

    static PrometheusServer scraping(String job, String target) throws IOException {
        Path dir = java.nio.file.Files.createTempDirectory("wharf-prometheus-");
        Path config = dir.resolve("prometheus.yml");
        java.nio.file.Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: %s
                    static_configs:
                      - targets: ['%s']
                """.formatted(job, target));
        int port = freePort();
        Process p = new ProcessBuilder(BINARY, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(p, dir, "http://127.0.0.1:" + port);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> p.isAlive() && ready(server.url));
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("Prometheus did not start: " + java.nio.file.Files.readString(dir.resolve("prometheus.log")), e);
        }
        return server;
    }

    private static boolean ready(String url) {
        try {
            return Http.get(url + "/-/ready").status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    String url() {
        return url;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = java.nio.file.Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder
        }
    }
}
