package io.wharf.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.SelfMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    private final SelfMetrics metrics = new SelfMetrics();

    private static LogEvent event(String message) {
        return LogEvent.ofMessage(message);
    }

    @Test
    void blockPolicyMakesThePublisherWaitUntilTheSinkTakes() throws Exception {
        long one = event("x".repeat(100)).estimatedBytes();
        EventQueue queue = new EventQueue("t", one * 2, OverflowPolicy.BLOCK, metrics.component("sink.t"));
        queue.put(event("x".repeat(100)));
        queue.put(event("x".repeat(100)));

        AtomicBoolean thirdIn = new AtomicBoolean();
        Thread publisher = new Thread(() -> {
            try {
                queue.put(event("x".repeat(100)));
                thirdIn.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        publisher.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.getState() == Thread.State.WAITING);
        assertThat(thirdIn).isFalse();
        assertThat(queue.bytes()).isLessThanOrEqualTo(one * 2);

        assertThat(queue.take(1, Long.MAX_VALUE, Duration.ZERO)).hasSize(1);
        publisher.join(5000);
        assertThat(thirdIn).isTrue();
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void dropOldestEvictsAndCountsAndReleasesTheAcknowledgement() throws Exception {
        long one = event("a").estimatedBytes();
        EventQueue queue = new EventQueue("d", one * 2, OverflowPolicy.DROP_OLDEST, metrics.component("sink.d"));
        AtomicInteger completed = new AtomicInteger();
        for (String m : List.of("a", "b", "c")) {
            queue.put(event(m).ack(Acknowledgement.onComplete(completed::incrementAndGet)));
        }
        List<?> left = queue.take(10, Long.MAX_VALUE, Duration.ZERO);
        assertThat(left).extracting(e -> ((LogEvent) e).message()).containsExactly("b", "c");
        assertThat(completed).as("the evicted event is released, so its source is not stuck").hasValue(1);
        assertThat(metrics.value("wharf_events_dropped_total", "component", "sink.d", "reason", "queue_full")).isEqualTo(1);
    }

    @Test
    void anEventBiggerThanTheQueueIsAdmittedWhenEmpty() throws Exception {
        EventQueue queue = new EventQueue("big", 10, OverflowPolicy.BLOCK, metrics.component("sink.big"));
        queue.put(event("y".repeat(10_000)));
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void batchesStopAtTheByteLimit() throws Exception {
        EventQueue queue = new EventQueue("b", 1 << 20, OverflowPolicy.BLOCK, metrics.component("sink.b"));
        long one = event("z".repeat(50)).estimatedBytes();
        for (int i = 0; i < 10; i++) {
            queue.put(event("z".repeat(50)));
        }
        assertThat(queue.take(100, one * 3, Duration.ZERO)).hasSize(3);
        assertThat(queue.take(4, Long.MAX_VALUE, Duration.ZERO)).hasSize(4);
    }
}
