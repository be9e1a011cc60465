package io.wharf.grok;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Several grok expressions tried in order on one text, with Logstash's options: stop at the first
 * match ({@code break_on_match}) or merge the captures of all that match; keep empty captures or
 * not; a time budget for the whole event. Counts, per pattern, how many events it matched and the
 * time it took, for {@code wharf parse --stats}.
 */
public final class GrokMatcher {
    public enum Outcome { MATCHED, NO_MATCH, TIMEOUT }

    private final Grok[] patterns;
    private final boolean breakOnMatch;
    private final boolean keepEmptyCaptures;
    private final long budgetNanos;
    private final GrokStats stats;
    private final Set<String> overwrite;

    public GrokMatcher(List<Grok> patterns, boolean breakOnMatch, boolean keepEmptyCaptures, Duration timeout, GrokStats stats) {
        this(patterns, breakOnMatch, keepEmptyCaptures, timeout, stats, Set.of());
    }

    /** With {@code overwrite}: the fields a capture replaces instead of appending to (Logstash's option). */
    public GrokMatcher(List<Grok> patterns, boolean breakOnMatch, boolean keepEmptyCaptures, Duration timeout, GrokStats stats,
                       Set<String> overwrite) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("at least one grok pattern is needed");
        }
        this.patterns = patterns.toArray(new Grok[0]);
        this.breakOnMatch = breakOnMatch;
        this.keepEmptyCaptures = keepEmptyCaptures;
        this.budgetNanos = timeout == null || timeout.isZero() || timeout.isNegative() ? 0 : timeout.toNanos();
        this.stats = stats;
        // An event has one time: a capture into @timestamp replaces the reading time the source set
        // (Logstash refuses a second value there instead of appending).
        Set<String> replaced = new java.util.HashSet<>(overwrite);
        replaced.add("@timestamp");
        this.overwrite = Set.copyOf(replaced);
    }

    public List<Grok> patterns() {
        return List.of(patterns);
    }

    public GrokStats stats() {
        return stats;
    }

    public Outcome apply(String text, Map<String, Object> target) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return apply(bytes, 0, bytes.length, target);
    }

    /** Matches {@code bytes[start, end)} and writes the captures into {@code target}. */
    public Outcome apply(byte[] bytes, int start, int end, Map<String, Object> target) {
        return apply(bytes, start, end, target, null);
    }

    /** ... and the captures under {@code [@metadata]} into {@code metadata} (when not null). */
    public Outcome apply(byte[] bytes, int start, int end, Map<String, Object> target, Map<String, Object> metadata) {
        long deadline = budgetNanos == 0 ? 0 : System.nanoTime() + budgetNanos;
        boolean matched = false;
        for (int i = 0; i < patterns.length; i++) {
            Grok grok = patterns[i];
            long began = stats == null ? 0 : System.nanoTime();
            GrokMatch m;
            try {
                m = budgetNanos == 0 ? grok.match(bytes, start, end) : grok.match(bytes, start, end, deadline);
            } catch (GrokTimeoutException e) {
                if (stats != null) {
                    stats.timedOut(i, System.nanoTime() - began);
                }
                return Outcome.TIMEOUT;
            } catch (RuntimeException e) {
                // Joni on bytes that are not valid UTF-8 can fail inside; such a line simply does not match.
                m = null;
            }
            if (stats != null) {
                stats.tried(i, m != null, System.nanoTime() - began);
            }
            if (m != null) {
                m.writeTo(target, metadata, keepEmptyCaptures, overwrite);
                matched = true;
                if (breakOnMatch) {
                    break;
                }
            }
        }
        if (!matched && stats != null) {
            stats.failed();
        }
        return matched ? Outcome.MATCHED : Outcome.NO_MATCH;
    }
}
