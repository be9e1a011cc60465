package io.wharf.core.multiline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultilineAggregatorTest {
    private static final java.util.function.Predicate<String> DATED = l -> l.matches("^\\d{4}-\\d{2}-\\d{2} .*");

    private static List<String> feed(MultilineAggregator agg, String... lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.addAll(agg.add(l));
        }
        out.addAll(agg.flush());
        return out;
    }

    @Test
    void tracebackJoinsTheEventBeforeIt() {
        var agg = new MultilineAggregator(DATED, 500, 1 << 20, Duration.ofSeconds(1));
        List<String> events = feed(agg,
                "2024-01-01 10:00:00 UTC Framework/Foo ERROR: boom",
                "Traceback (most recent call last):",
                "  File \"x.py\", line 1, in <module>",
                "ValueError: bad",
                "2024-01-01 10:00:01 UTC Framework/Foo INFO: next");
        assertThat(events).containsExactly(
                "2024-01-01 10:00:00 UTC Framework/Foo ERROR: boom\nTraceback (most recent call last):\n"
                        + "  File \"x.py\", line 1, in <module>\nValueError: bad",
                "2024-01-01 10:00:01 UTC Framework/Foo INFO: next");
    }

    @Test
    void anEventIsOnlyReleasedWhenTheNextStartsOrOnFlush() {
        var agg = new MultilineAggregator(DATED, 500, 1 << 20, Duration.ofSeconds(1));
        assertThat(agg.add("2024-01-01 10:00:00 UTC A INFO: one")).isEmpty();
        assertThat(agg.add("  continued")).isEmpty();
        assertThat(agg.hasPending()).isTrue();
        assertThat(agg.add("2024-01-01 10:00:01 UTC A INFO: two")).containsExactly("2024-01-01 10:00:00 UTC A INFO: one\n  continued");
    }

    @Test
    void theLineLimitSplitsWithoutLosingALine() {
        var agg = new MultilineAggregator(DATED, 3, 1 << 20, Duration.ofSeconds(1));
        List<String> events = feed(agg, "2024-01-01 10:00:00 x", "a", "b", "c", "d");
        assertThat(events).containsExactly("2024-01-01 10:00:00 x\na\nb", "c\nd");
        assertThat(agg.splits()).isEqualTo(1);
    }

    @Test
    void theByteLimitSplits() {
        var agg = new MultilineAggregator(DATED, 1000, 25, Duration.ofSeconds(1));
        List<String> events = feed(agg, "2024-01-01 10:00:00 x", "0123456789", "z");
        assertThat(events).containsExactly("2024-01-01 10:00:00 x", "0123456789\nz");
    }

    @Test
    void leadingContinuationLinesFormTheirOwnEvent() {
        var agg = new MultilineAggregator(DATED, 10, 1 << 20, Duration.ofSeconds(1));
        assertThat(feed(agg, "orphan", "2024-01-01 10:00:00 x")).containsExactly("orphan", "2024-01-01 10:00:00 x");
    }

    @Test
    void idleExpiryIsReportedOnlyForAPendingEventPastTheTimeout() {
        var agg = new MultilineAggregator(DATED, 10, 1 << 20, Duration.ofMillis(200));
        assertThat(agg.idleExpired(System.nanoTime() + Duration.ofHours(1).toNanos())).isFalse();
        agg.add("2024-01-01 10:00:00 x");
        long now = System.nanoTime();
        assertThat(agg.idleExpired(now)).isFalse();
        assertThat(agg.idleExpired(now + Duration.ofMillis(250).toNanos())).isTrue();
    }

    @Test
    void singleLineReleasesEveryLineAtOnce() {
        var agg = MultilineAggregator.singleLine();
        assertThat(agg.add("a")).containsExactly("a");
        assertThat(agg.add("  b")).containsExactly("  b");
        assertThat(agg.hasPending()).isFalse();
    }
}
