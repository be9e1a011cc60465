package io.wharf.core.pipeline;

import io.wharf.core.event.Event;
import io.wharf.core.metrics.ComponentMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A queue in front of one sink, bounded in bytes (invariant 4: memory is bounded by configuration,
 * not by input). When full it either blocks the publisher, which pauses the readers, or evicts
 * the oldest events and counts them as dropped; never both, never silently.
 */
public final class EventQueue {
    private final String name;
    private final long maxBytes;
    private final OverflowPolicy policy;
    private final ComponentMetrics metrics;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private long bytes;
    private boolean closed;

    public EventQueue(String name, long maxBytes, OverflowPolicy policy, ComponentMetrics metrics) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("queue " + name + ": max bytes must be positive");
        }
        this.name = name;
        this.maxBytes = maxBytes;
        this.policy = policy;
        this.metrics = metrics;
        metrics.registry().gauge("wharf_queue_bytes", "Bytes held by a sink's queue", this::bytes, "queue", name);
        metrics.registry().gauge("wharf_queue_events", "Events held by a sink's queue", this::size, "queue", name);
        metrics.registry().gauge("wharf_queue_max_bytes", "Capacity of a sink's queue in bytes", () -> maxBytes, "queue", name);
    }

    /**
     * Adds an event. An event larger than the whole queue is still admitted when the queue is
     * empty, so one huge event cannot wedge the pipeline.
     */
    public void put(Event event) throws InterruptedException {
        long size = event.estimatedBytes();
        List<Event> evicted = null;
        lock.lockInterruptibly();
        try {
            while (!closed && bytes + size > maxBytes && !events.isEmpty()) {
                if (policy == OverflowPolicy.BLOCK) {
                    notFull.await();
                } else {
                    Event oldest = events.pollFirst();
                    bytes -= oldest.estimatedBytes();
                    if (evicted == null) {
                        evicted = new ArrayList<>();
                    }
                    evicted.add(oldest);
                }
            }
            if (closed) {
                throw new IllegalStateException("queue " + name + " is closed");
            }
            events.addLast(event);
            bytes += size;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        metrics.in().inc();
        if (evicted != null) {
            for (Event e : evicted) {
                metrics.dropped("queue_full").inc();
                e.ack().release();
            }
        }
    }

    /**
     * Waits for at least one event, then gathers up to {@code maxEvents} / {@code maxBytes}, waiting at
     * most {@code linger} for the batch to fill. Returns an empty list only once closed and drained.
     */
    public List<Event> take(int maxEvents, long maxBatchBytes, Duration linger) throws InterruptedException {
        List<Event> batch = new ArrayList<>(Math.min(maxEvents, 1024));
        long batchBytes = 0;
        long deadline = 0;
        lock.lockInterruptibly();
        try {
            while (batch.size() < maxEvents) {
                Event head = events.peekFirst();
                if (head != null) {
                    long size = head.estimatedBytes();
                    if (!batch.isEmpty() && batchBytes + size > maxBatchBytes) {
                        break;
                    }
                    events.pollFirst();
                    bytes -= size;
                    batchBytes += size;
                    batch.add(head);
                    notFull.signalAll();
                    continue;
                }
                if (closed) {
                    break;
                }
                if (batch.isEmpty()) {
                    notEmpty.await();
                } else {
                    if (deadline == 0) {
                        deadline = System.nanoTime() + linger.toNanos();
                    }
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0) {
                        break;
                    }
                    notEmpty.awaitNanos(wait);
                }
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for the queue to be empty. */
    public boolean awaitEmpty(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (!events.isEmpty()) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    return false;
                }
                notFull.awaitNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new events and wakes the consumer so it can drain what is left. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    public String name() {
        return name;
    }
}
