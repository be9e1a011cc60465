package io.wharf.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wharf.core.ack.OffsetTracker;
import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.retry.RetryBudget;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A sink whose write throws (a defect: a sink must not) is the trigger of the defect, not a
 * stand-in: before, the runner logged and moved on, the batch was never acknowledged and the
 * offset (the registry) stayed behind it until a restart.
 */
class ThrowingSinkTest {
    private static final RetryBudget QUICK = new RetryBudget(Duration.ofMillis(5), Duration.ofMillis(20), 4);

    /** Throws on every write of a batch holding a message in {@code poisoned}, and on the first {@code transientFailures} writes. */
    static final class ThrowingSink implements Sink {
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final AtomicInteger writes = new AtomicInteger();
        private final Set<String> poisoned;
        private final int transientFailures;

        ThrowingSink(Set<String> poisoned, int transientFailures) {
            this.poisoned = poisoned;
            this.transientFailures = transientFailures;
        }

        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public Set<EventKind> accepts() {
            return Set.of(EventKind.LOG);
        }

        @Override
        public RetryBudget failureRetry() {
            return QUICK;
        }

        @Override
        public void write(List<Event> batch) {
            if (writes.incrementAndGet() <= transientFailures) {
                throw new IllegalStateException("transient defect");
            }
            for (Event e : batch) {
                if (poisoned.contains(((LogEvent) e).message())) {
                    throw new IllegalArgumentException("cannot encode " + ((LogEvent) e).message());
                }
            }
            batch.forEach(e -> delivered.add(((LogEvent) e).message()));
        }
    }

    private record Run(OffsetTracker tracker, SelfMetrics metrics, Pipeline pipeline) {
    }

    /** 100 events at offsets 10, 20, ... 1000, queued before the sink starts: batches of 10 are lines 1-10, 11-20, ... */
    private static Run run(Sink sink) throws Exception {
        SelfMetrics metrics = new SelfMetrics();
        Pipeline pipeline = Pipeline.builder(metrics)
                .sink(sink, 1 << 20, OverflowPolicy.BLOCK, new BatchSettings(10, 1 << 20, Duration.ofMillis(10), 1))
                .build();
        OffsetTracker tracker = new OffsetTracker(0, committed -> { });
        for (int i = 1; i <= 100; i++) {
            pipeline.publisher().publish(LogEvent.ofMessage("line " + i).ack(tracker.track(i * 10L)));
        }
        pipeline.start();
        return new Run(tracker, metrics, pipeline);
    }

    @Test
    void aBatchWhoseWriteThrowsIsTriedAgainAndTheOffsetAdvancesWithNothingLost() throws Exception {
        ThrowingSink sink = new ThrowingSink(Set.of(), 2);
        Run run = run(sink);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> run.tracker().committed() == 1000);
            assertThat(sink.delivered).hasSize(100).doesNotHaveDuplicates().first().isEqualTo("line 1");
            assertThat(run.metrics().value("wharf_events_retried_total", "component", "sink.throwing")).isEqualTo(20.0);
            assertThat(run.metrics().value("wharf_events_failed_total", "component", "sink.throwing")).isZero();
        } finally {
            run.pipeline().close();
        }
    }

    @Test
    void aBatchThatKeepsThrowingIsDeadLetteredAfterTheBudgetAcknowledgedAndCounted() throws Exception {
        ThrowingSink sink = new ThrowingSink(Set.of("line 13"), 0);
        Run run = run(sink);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> run.tracker().committed() == 1000);
            assertThat(sink.delivered).hasSize(90).doesNotContain("line 11", "line 13", "line 20").contains("line 10", "line 21", "line 100");
            assertThat(run.metrics().value("wharf_events_failed_total", "component", "sink.throwing")).as("dead-lettered, counted")
                    .isEqualTo(10.0);
            assertThat(run.metrics().value("wharf_events_retried_total", "component", "sink.throwing")).as("3 retries of 10 events")
                    .isEqualTo(30.0);
            assertThat(sink.writes.get()).as("10 batches, the poisoned one written 4 times").isEqualTo(13);
        } finally {
            run.pipeline().close();
        }
    }
}
