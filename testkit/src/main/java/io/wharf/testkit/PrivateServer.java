package io.wharf.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What {@link PrivateElasticsearch}, {@link PrivateInfluxDb} and {@link PrivateKafka} share: free ports, owners, stopping a pid for real. */
final class PrivateServer {
    private PrivateServer() {
    }

    /** Registers a JVM shutdown hook that kills the process {@code process} gives, should the test JVM end first. */
    static Thread reaper(String name, Supplier<ProcessHandle> process) {
        Thread hook = new Thread(() -> {
            ProcessHandle p = process.get();
            if (p != null) {
                p.destroyForcibly();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Removes a {@link #reaper} once its server is stopped for good. */
    static void unregister(Thread reaper) {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code healthy}; fails with the tail of {@code log} when {@code timeout} passes or
     * the process dies first ({@code alive} false), saying {@code what} is not healthy.
     */
    static void awaitHealthy(String what, Duration timeout, Duration poll, BooleanSupplier healthy, BooleanSupplier alive,
                             Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!healthy.getAsBoolean()) {
            if (System.nanoTime() > deadline || !alive.getAsBoolean()) {
                throw new IllegalStateException(what + " not healthy:\n" + tail(log, 30));
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a short command (chown, ...) and fails loudly when it fails. */
    static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, then waits for the process to be gone; SIGKILL if it does not go within {@code grace}. */
    static void terminate(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notYet) {
            process.destroyForcibly();
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL", e);
            }
        }
    }

    /** Deletes a folder the server wrote (its data), so test runs do not pile up gigabytes under target/. */
    static void deleteTree(Path dir) {
        if (Files.exists(dir)) {
            run(List.of("rm", "-rf", dir.toString()));
        }
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e.getMessage() + ")";
        }
    }
}
