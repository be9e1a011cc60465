package io.wharf.grok;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Per-pattern counters of a {@link GrokMatcher}: what the grok debugger prints. */
public final class GrokStats {
    public record PatternStats(String pattern, long tried, long matched, long timedOut, long nanos) {
        public double microsPerTry() {
            return tried == 0 ? 0 : nanos / 1000.0 / tried;
        }
    }

    private final List<String> names;
    private final AtomicLongArray tried;
    private final AtomicLongArray matched;
    private final AtomicLongArray timedOut;
    private final AtomicLongArray nanos;
    private final LongAdder failed = new LongAdder();

    public GrokStats(List<String> patternNames) {
        this.names = List.copyOf(patternNames);
        int n = names.size();
        tried = new AtomicLongArray(n);
        matched = new AtomicLongArray(n);
        timedOut = new AtomicLongArray(n);
        nanos = new AtomicLongArray(n);
    }

    /** Pattern {@code i} was run and took {@code took} ns. */
    public void tried(int i, boolean hit, long took) {
        tried.incrementAndGet(i);
        nanos.addAndGet(i, took);
        if (hit) {
            matched.incrementAndGet(i);
        }
    }

    public void timedOut(int i, long took) {
        tried.incrementAndGet(i);
        timedOut.incrementAndGet(i);
        nanos.addAndGet(i, took);
    }

    /** An event that no pattern matched. */
    public void failed() {
        failed.increment();
    }

    /** Events no pattern matched. */
    public long failedCount() {
        return failed.sum();
    }

    public List<PatternStats> patterns() {
        List<PatternStats> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new PatternStats(names.get(i), tried.get(i), matched.get(i), timedOut.get(i), nanos.get(i)));
        }
        return out;
    }

    /** Patterns by total time spent, slowest first. */
    public List<PatternStats> slowest() {
        List<PatternStats> out = new ArrayList<>(patterns());
        out.sort(Comparator.comparingLong(PatternStats::nanos).reversed());
        return out;
    }
}
