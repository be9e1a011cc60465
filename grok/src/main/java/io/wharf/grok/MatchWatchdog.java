package io.wharf.grok;

import java.lang.ref.WeakReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.joni.Matcher;

/**
 * Cuts runaway matches: each matching thread publishes the matcher it is running and its
 * deadline in its own slot; one daemon thread looks at the slots every {@link #TICK_NANOS} and
 * calls joni's {@code Matcher.interrupt()} on a matcher past its deadline, which makes
 * {@code searchInterruptible} give up. The matching threads pay two volatile writes per match;
 * the watchdog thread starts only when a time budget is first used.
 */
final class MatchWatchdog {
    static final long TICK_NANOS = 10_000_000L;
    private static final MatchWatchdog INSTANCE = new MatchWatchdog();

    private final CopyOnWriteArrayList<Slot> slots = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Slot> local = ThreadLocal.withInitial(this::register);
    private volatile Thread ticker;

    static MatchWatchdog get() {
        return INSTANCE;
    }

    /** The calling thread's slot. */
    Slot slot() {
        return local.get();
    }

    private Slot register() {
        Slot slot = new Slot(Thread.currentThread());
        slots.add(slot);
        startTicker();
        return slot;
    }

    private synchronized void startTicker() {
        if (ticker != null) {
            return;
        }
        Thread t = new Thread(this::watch, "wharf-grok-watchdog");
        t.setDaemon(true);
        t.start();
        ticker = t;
    }

    private void watch() {
        while (true) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (Slot slot : slots) {
                if (slot.owner.get() == null) {
                    slots.remove(slot);
                    continue;
                }
                Matcher m = slot.current;
                if (m != null && now - slot.deadline > 0) {
                    m.interrupt();
                }
            }
        }
    }

    /** One thread's published state: the matcher it runs now and when its event's budget ends. */
    static final class Slot {
        private final WeakReference<Thread> owner;
        volatile Matcher current;
        volatile long deadline;

        Slot(Thread owner) {
            this.owner = new WeakReference<>(owner);
        }
    }
}
