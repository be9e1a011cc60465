package io.wharf.bench.pipeline;

import io.wharf.bench.ProcessUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A contender's process (an agent, Fluent Bit, a parser), started as an operator starts it, and
 * measured from /proc while it runs: it is stopped only after the measurement was taken, so the
 * figures are those of the whole process up to the last delivered line.
 */
final class MeasuredProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final long startNanos;

    private MeasuredProcess(Process process, Path log, long startNanos) {
        this.process = process;
        this.log = log;
        this.startNanos = startNanos;
    }

    /**
     * Starts {@code command}; standard output goes to {@code stdout}, standard error to {@code stderr};
     * {@code log} is the file whose end is shown when something goes wrong (the process's own log).
     */
    static MeasuredProcess start(List<String> command, Map<String, String> env, Path stdout, Path stderr, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().putAll(env);
        long start = System.nanoTime();
        return new MeasuredProcess(pb.start(), log, start);
    }

    long startNanos() {
        return startNanos;
    }

    /** Waits until the process has written {@code text} to its log (it is ready), or fails. */
    void awaitLog(Path file, String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text))) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + text + "' in " + file + " after " + timeout + "\n" + logTail());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /**
     * Polls {@code delivered} until it reaches {@code lines}, then takes the measurement: wall time
     * since {@code fromNanos}, CPU time and peak RSS of the process so far.
     */
    Measurement awaitDelivered(String contender, int round, Delivered delivered, long lines, long fromNanos, Duration poll,
            Duration timeout, String load) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen;
        while ((seen = delivered.count()) < lines) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(contender + ": " + seen + " of " + lines + " lines delivered after " + timeout + "\n"
                        + logTail());
            }
            TimeUnit.NANOSECONDS.sleep(poll.toNanos());
        }
        long now = System.nanoTime();
        long ticks = ProcessUsage.cpuTicks(process.pid());
        long peak = ProcessUsage.peakRssKib(process.pid());
        return new Measurement(contender, round, lines, (now - fromNanos) / 1e9,
                ticks / (double) ProcessUsage.CLOCK_TICKS_PER_SECOND, peak, load);
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the process ended (exit " + process.exitValue() + ") " + process.info().command()
                    .orElse("") + "\n" + logTail());
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, as an operator stops it; SIGKILL if it has not ended after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
