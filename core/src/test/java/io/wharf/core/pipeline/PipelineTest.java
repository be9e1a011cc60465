package io.wharf.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wharf.core.ack.OffsetTracker;
import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.event.LogEvent;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.metrics.SelfMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PipelineTest {

    /** A sink that keeps what it is given: the pipeline's own collecting sink, not a stand-in for a server. */
    static final class CollectingSink implements Sink {
        final String name;
        final Set<EventKind> kinds;
        final List<Event> received = new CopyOnWriteArrayList<>();

        CollectingSink(String name, Set<EventKind> kinds) {
            this.name = name;
            this.kinds = kinds;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<EventKind> accepts() {
            return kinds;
        }

        @Override
        public void write(List<Event> batch) {
            received.addAll(batch);
        }
    }

    @Test
    void offsetsAdvanceOnlyWhenEverySinkTakingTheEventHasIt() throws Exception {
        SelfMetrics metrics = new SelfMetrics();
        CollectingSink logs = new CollectingSink("logs", Set.of(EventKind.LOG));
        CollectingSink all = new CollectingSink("all", Set.of(EventKind.LOG, EventKind.METRIC));
        BatchSettings batch = new BatchSettings(10, 1 << 20, Duration.ofMillis(10), 1);
        Pipeline pipeline = Pipeline.builder(metrics)
                .sink(logs, 1 << 20, OverflowPolicy.BLOCK, batch)
                .sink(all, 1 << 20, OverflowPolicy.BLOCK, batch)
                .build();
        pipeline.start();

        List<Long> commits = new CopyOnWriteArrayList<>();
        OffsetTracker tracker = new OffsetTracker(0, commits::add);
        for (int i = 1; i <= 100; i++) {
            pipeline.publisher().publish(LogEvent.ofMessage("line " + i).ack(tracker.track(i * 10L)));
        }
        pipeline.publisher().publish(MetricPoint.builder("cpu").field("usage_user", 1.5).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> tracker.committed() == 1000);
        assertThat(logs.received).hasSize(100).allMatch(e -> e.kind() == EventKind.LOG);
        assertThat(all.received).hasSize(101);
        assertThat(commits).isSorted().endsWith(1000L);
        pipeline.close();
    }
}
