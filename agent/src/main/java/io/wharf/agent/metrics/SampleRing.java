package io.wharf.agent.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} samples of one series, oldest overwritten first: the in-memory history
 * the HTTP API serves (2 minutes at 1 s by default, as cAdvisor keeps). One writer (the sampler),
 * any number of readers.
 */
public final class SampleRing<T> {
    private final Object[] slots;
    private long written;

    public SampleRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.slots = new Object[capacity];
    }

    public synchronized void add(T sample) {
        slots[(int) (written % slots.length)] = sample;
        written++;
    }

    @SuppressWarnings("unchecked")
    public synchronized T latest() {
        return written == 0 ? null : (T) slots[(int) ((written - 1) % slots.length)];
    }

    /** Oldest first. */
    @SuppressWarnings("unchecked")
    public synchronized List<T> snapshot() {
        int n = (int) Math.min(written, slots.length);
        List<T> out = new ArrayList<>(n);
        for (long i = written - n; i < written; i++) {
            out.add((T) slots[(int) (i % slots.length)]);
        }
        return out;
    }

    public synchronized int size() {
        return (int) Math.min(written, slots.length);
    }

    public int capacity() {
        return slots.length;
    }
}
