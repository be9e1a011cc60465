package io.wharf.shipper.testing;

import io.wharf.core.event.Event;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A steady stream of events, numbered 0, 1, 2, ... on, at about {@code perSecond}, into whatever
 * {@code publish} is (a pipeline's publisher, which blocks when the queue is full: then the
 * stream stalls, as a container's log reader does under backpressure). {@link #stop()} ends the
 * stream; {@link #resume(Target)} starts it again where it stopped, e.g. into a restarted agent.
 */
public final class SteadyLoad implements AutoCloseable {
    private final IntFunction<Event> events;
    private final int perSecond;
    private final AtomicInteger published = new AtomicInteger();
    private volatile boolean running;
    private Thread thread;

    /** Where the events go: {@code pipeline.publisher()::publish}. */
    @FunctionalInterface
    public interface Target {
        void accept(Event event) throws InterruptedException;
    }

    public SteadyLoad(IntFunction<Event> events, int perSecond) {
        this.events = events;
        this.perSecond = perSecond;
    }

    /** Events handed to the pipeline so far (a blocked publish is not counted until it returns). */
    public int published() {
        return published.get();
    }

    public synchronized void resume(Target publish) {
        running = true;
        thread = new Thread(() -> {
            long intervalNanos = 1_000_000_000L / perSecond;
            long next = System.nanoTime();
            try {
                while (running) {
                    publish.accept(events.apply(published.get()));
                    published.incrementAndGet();
                    next += intervalNanos;
                    long pause = next - System.nanoTime();
                    if (pause > 0) {
                        Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000)); // pacing of the load, not a wait
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "steady-load");
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the stream once the publish under way returns. */
    public synchronized void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(30_000);
            if (thread.isAlive()) {
                throw new IllegalStateException("the load is stuck in a publish that does not return");
            }
            thread = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
