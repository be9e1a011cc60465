package io.wharf.core.pipeline;

import io.wharf.core.event.Event;
import io.wharf.core.metrics.ComponentMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one sink: takes batches from its queue, calls {@link Sink#write}, then releases the
 * acknowledgement of every event in the batch. This is the one place where sinks meet the
 * acknowledgement mechanism.
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
                try {
                    sink.write(events);
                } catch (RuntimeException e) {
                    // A sink must not throw; if one does, its events are not acknowledged, so the
                    // registry does not move past them and they are read again after a restart.
                    metrics.failed().add(events.size());
                    LOG.error("sink {} failed a batch of {} events; they stay unacknowledged", sink.name(), events.size(), e);
                    continue;
                }
                metrics.latency().observe((System.nanoTime() - start) / 1e9);
                for (Event e : events) {
                    e.ack().release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
