package io.wharf.core.pipeline;

import io.wharf.core.event.Event;
import io.wharf.core.metrics.ComponentMetrics;
import io.wharf.core.retry.Backoff;
import io.wharf.core.retry.RetryBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one sink: takes batches from its queue, calls {@link Sink#write}, then releases the
 * acknowledgement of every event in the batch. This is the one place where sinks meet the
 * acknowledgement mechanism; every batch taken is acknowledged once delivered or dead-lettered.
 */
public final class SinkRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);

    private final Sink sink;
    private final EventQueue queue;
    private final BatchSettings batch;
    private final ComponentMetrics metrics;
    private final List<Thread> workers = new ArrayList<>();

    public SinkRunner(Sink sink, EventQueue queue, BatchSettings batch, ComponentMetrics metrics) {
        this.sink = sink;
        this.queue = queue;
        this.batch = batch;
        this.metrics = metrics;
    }

    public void start() {
        for (int i = 0; i < batch.workers(); i++) {
            Thread t = new Thread(this::run, "sink-" + sink.name() + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    private void run() {
        try {
            while (true) {
                List<Event> events = queue.take(batch.maxEvents(), batch.maxBytes(), batch.linger());
                if (events.isEmpty()) {
                    return; // closed and drained
                }
                long start = System.nanoTime();
                deliver(events);
                metrics.latency().observe((System.nanoTime() - start) / 1e9);
                for (Event e : events) {
                    e.ack().release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes the batch; a write that throws (a sink must not, but a defect can) is tried again
     * with the sink's backoff, in place so that the order holds, and after its retry budget the
     * batch goes to the sink's dead letter, counted: a batch left unacknowledged would hold the
     * registry behind it until a restart.
     */
    private void deliver(List<Event> events) throws InterruptedException {
        RetryBudget budget = sink.failureRetry();
        Backoff backoff = budget.backoff();
        for (int attempt = 1; ; attempt++) {
            try {
                sink.write(events);
                return;
            } catch (RuntimeException e) {
                if (budget.exhausted(attempt)) {
                    giveUp(events, e, attempt);
                    return;
                }
                metrics.retried().add(events.size());
                long delay = backoff.nextDelayMillis();
                String message = "sink {} threw on a batch of {} events (attempt {}): {}; trying again in {} ms";
                if (attempt == 1) {
                    LOG.warn(message, sink.name(), events.size(), attempt, e.toString(), delay, e); // the stack trace once
                } else {
                    LOG.warn(message, sink.name(), events.size(), attempt, e.toString(), delay);
                }
                Thread.sleep(delay);
            }
        }
    }

    private void giveUp(List<Event> events, RuntimeException cause, int attempts) {
        LOG.error("sink {} threw on a batch of {} events {} times; sending it to the dead letter and moving on", sink.name(),
                events.size(), attempts, cause);
        try {
            sink.deadLetter(events, cause);
            metrics.failed().add(events.size());
        } catch (Exception e) {
            LOG.error("sink {}: dead letter failed too ({}); dropping {} events: {}", sink.name(), e, events.size(), events);
            metrics.dropped("dead_letter_failed").add(events.size());
        }
    }

    public Sink sink() {
        return sink;
    }

    public EventQueue queue() {
        return queue;
    }

    /** Stops taking new events, gives the sink up to {@code drainMillis} to deliver what is queued, then stops. */
    public void close(long drainMillis) {
        queue.close();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
        for (Thread t : workers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            t.interrupt();
        }
        sink.close();
    }

    @Override
    public void close() {
        close(5000);
    }
}
