package io.wharf.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Kafka broker of the test's own (KRaft, one node that is broker and controller), for tests
 * that must stop the broker: the jars {@code scripts/stack} fetched, on free broker and
 * controller ports, with its configuration, data and log under a folder the test gives (under
 * {@code target/}). {@link #stop()} sends SIGTERM and waits until the process is gone;
 * {@link #start()} starts it again on the same ports and the same data. {@link #close()} stops it
 * and deletes its data (the log stays); a JVM shutdown hook kills it should the test JVM die
 * first. The shared broker is never touched.
 */
public final class PrivateKafka implements AutoCloseable {
    private static final String VERSION = "3.9.1";
    /** What the broker logs once it serves clients (KafkaRaftServer, after log recovery and the quorum). */
    private static final String STARTED = "Kafka Server started";

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Thread shutdownHook;
    private volatile Process process;

    private PrivateKafka(Path dir) {
        this.dir = dir.toAbsolutePath();
        this.port = PrivateServer.freePort();
        this.controllerPort = PrivateServer.freePort();
        this.shutdownHook = PrivateServer.reaper("private-kafka-reaper", () -> {
            Process p = process;
            return p == null ? null : p.toHandle();
        });
    }

    /** Formats a fresh broker in {@code dir} and starts it; returns once it serves clients. */
    public static PrivateKafka start(Path dir) {
        PrivateKafka kafka = new PrivateKafka(dir);
        try {
            kafka.format();
            kafka.start();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /** {@code bootstrap.servers} for clients. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    private static Path lib() {
        String cache = System.getenv().getOrDefault("WHARF_STACK_CACHE", "/var/cache/wharf-stack");
        return Path.of(cache, "kafka-" + VERSION, "lib");
    }

    private static String java() {
        String home = System.getenv().getOrDefault("WHARF_STACK_JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64");
        return Path.of(home, "bin", "java").toString();
    }

    private Path log() {
        return dir.resolve("kafka.log");
    }

    /** The settings {@code scripts/stack} uses, on this broker's own ports and folder. */
    private void format() {
        if (!Files.exists(lib().resolve(".complete"))) {
            throw new IllegalStateException("no Kafka jars in " + lib() + ": run scripts/stack up kafka");
        }
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("server.properties"), """
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@127.0.0.1:%d
                    listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d
                    advertised.listeners=PLAINTEXT://127.0.0.1:%d
                    controller.listener.names=CONTROLLER
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                    log.dirs=%s
                    num.partitions=3
                    offsets.topic.replication.factor=1
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    auto.create.topics.enable=true
                    """.formatted(controllerPort, port, controllerPort, port, dir.resolve("data")));
            // the broker's own log, at INFO, into kafka.log: what a failure report shows
            Files.writeString(dir.resolve("log4j.properties"), """
                    log4j.rootLogger=INFO, out
                    log4j.appender.out=org.apache.log4j.ConsoleAppender
                    log4j.appender.out.layout=org.apache.log4j.PatternLayout
                    log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String classpath = lib() + "/*";
        PrivateServer.run(List.of(java(), "-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId(classpath),
                "-c", dir.resolve("server.properties").toString()));
    }

    private static String clusterId(String classpath) {
        try {
            Process p = new ProcessBuilder(java(), "-cp", classpath, "kafka.tools.StorageTool", "random-uuid").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException("kafka.tools.StorageTool random-uuid failed");
            }
            String[] lines = out.split("\n");
            return lines[lines.length - 1].trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the broker (again: same ports, same data) and waits until it says it serves clients. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        long logStart;
        try {
            logStart = Files.exists(log()) ? Files.size(log()) : 0;
            process = new ProcessBuilder(java(), "-Xms128m", "-Xmx384m",
                    "-Dlog4j.configuration=file:" + dir.resolve("log4j.properties"),
                    "-cp", lib() + "/*", "kafka.Kafka", dir.resolve("server.properties").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrivateServer.awaitHealthy("Kafka on " + bootstrap(), Duration.ofSeconds(90), Duration.ofMillis(200),
                () -> startedSince(logStart) && accepts(), this::isRunning, log());
    }

    private boolean startedSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(log());
            return offset < all.length && new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8).contains(STARTED);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Stops the broker for real: SIGTERM (a controlled shutdown), and returns once the process has exited. */
    public synchronized void stop() {
        Process p = process;
        if (p != null) {
            PrivateServer.terminate(p.toHandle(), Duration.ofSeconds(60));
        }
    }

    @Override
    public void close() {
        try {
            stop();
            // the log stays for whoever reads a failure; the data goes
            PrivateServer.deleteTree(dir.resolve("data"));
        } finally {
            process = null;
            PrivateServer.unregister(shutdownHook);
        }
    }
}
