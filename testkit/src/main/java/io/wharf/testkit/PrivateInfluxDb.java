package io.wharf.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An InfluxDB 1.x of the test's own, for tests that must stop the server: {@code /usr/bin/influxd}
 * with its own configuration file, free HTTP and RPC ports, and meta, data and WAL folders under
 * a folder the test gives (under {@code target/}). {@link #stop()} sends SIGTERM and waits for
 * the exit; {@link #start()} starts it again on the same ports and data. {@link #close()} stops
 * it and deletes its data (the log stays); a JVM shutdown hook kills it should the test JVM die
 * first. The shared server is never touched.
 */
public final class PrivateInfluxDb implements AutoCloseable {
    private final Path dir;
    private final Path configFile;
    private final int httpPort;
    private final Thread shutdownHook;
    private final String[] admin;
    private volatile Process process;

    private PrivateInfluxDb(Path dir, String[] admin) {
        this.admin = admin;
        this.dir = dir.toAbsolutePath();
        this.configFile = this.dir.resolve("influxdb.conf");
        this.httpPort = PrivateServer.freePort();
        this.shutdownHook = PrivateServer.reaper("private-influxdb-reaper", () -> {
            Process p = process;
            return p == null ? null : p.toHandle();
        });
    }

    /** Starts a fresh InfluxDB in {@code dir}; returns once {@code /ping} answers 204. */
    public static PrivateInfluxDb start(Path dir) {
        return start(dir, null);
    }

    /**
     * Starts a fresh InfluxDB with authentication on ({@code auth-enabled = true}) and one admin
     * user {@code user}/{@code password}: every request but {@code /ping} then needs them.
     */
    public static PrivateInfluxDb startWithAuth(Path dir, String user, String password) {
        return start(dir, new String[] {user, password});
    }

    private static PrivateInfluxDb start(Path dir, String[] admin) {
        PrivateInfluxDb influx = new PrivateInfluxDb(dir, admin);
        try {
            influx.writeConfig();
            influx.start();
            if (admin != null) {
                // InfluxDB lets the first admin user be created without credentials
                var r = Http.post(influx.url() + "/query", "application/x-www-form-urlencoded",
                        "q=" + Http.encode("CREATE USER \"" + admin[0] + "\" WITH PASSWORD '" + admin[1] + "' WITH ALL PRIVILEGES"));
                if (r.status() != 200) {
                    throw new IllegalStateException("cannot create the admin user: " + r.status() + " " + r.body());
                }
            }
        } catch (RuntimeException e) {
            influx.close();
            throw e;
        }
        return influx;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    private static String binary() {
        return System.getenv().getOrDefault("WHARF_INFLUXD", "/usr/bin/influxd");
    }

    private void writeConfig() {
        if (!Files.isExecutable(Path.of(binary()))) {
            throw new IllegalStateException("no " + binary() + ": run scripts/stack up influxdb");
        }
        try {
            for (String sub : new String[] {"meta", "data", "wal"}) {
                Files.createDirectories(dir.resolve(sub));
            }
            Files.writeString(configFile, """
                    reporting-disabled = true
                    bind-address = "127.0.0.1:%d"
                    [meta]
                      dir = "%s"
                    [data]
                      dir = "%s"
                      wal-dir = "%s"
                      query-log-enabled = false
                    [http]
                      bind-address = "127.0.0.1:%d"
                      log-enabled = false
                      auth-enabled = %b
                    [monitor]
                      store-enabled = false
                    """.formatted(PrivateServer.freePort(), dir.resolve("meta"), dir.resolve("data"), dir.resolve("wal"), httpPort, admin != null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts influxd (again: same ports, same data) and waits until {@code /ping} answers 204. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Path log = dir.resolve("influxd.log");
        try {
            process = new ProcessBuilder(binary(), "-config", configFile.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrivateServer.awaitHealthy("InfluxDB on " + url() + " (/ping)", Duration.ofSeconds(60), Duration.ofMillis(100), this::ping,
                this::isRunning, log);
    }

    private boolean ping() {
        try {
            return Http.get(url() + "/ping").status() == 204;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** Stops influxd for real: SIGTERM, and returns once the process has exited. */
    public synchronized void stop() {
        Process p = process;
        if (p != null) {
            PrivateServer.terminate(p.toHandle(), Duration.ofSeconds(30));
        }
    }

    @Override
    public void close() {
        try {
            stop();
            // the logs stay for whoever reads a failure; the data goes
            for (String sub : new String[] {"meta", "data", "wal"}) {
                PrivateServer.deleteTree(dir.resolve(sub));
            }
        } finally {
            process = null;
            PrivateServer.unregister(shutdownHook);
        }
    }
}
