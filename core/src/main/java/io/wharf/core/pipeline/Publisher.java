package io.wharf.core.pipeline;

import io.wharf.core.event.Event;
import io.wharf.core.metrics.ComponentMetrics;
import java.util.List;

/**
 * Fans an event out to the queue of every sink that takes its kind. Blocks while a queue with the
 * {@code block} policy is full: that is the backpressure that pauses the readers.
 */
public final class Publisher {
    private final List<SinkRunner> runners;
    private final ComponentMetrics metrics;

    public Publisher(List<SinkRunner> runners, ComponentMetrics metrics) {
        this.runners = List.copyOf(runners);
        this.metrics = metrics;
    }

    public void publish(Event event) throws InterruptedException {
        metrics.in().inc();
        int routes = 0;
        for (SinkRunner r : runners) {
            if (r.sink().accepts().contains(event.kind())) {
                routes++;
            }
        }
        if (routes == 0) {
            metrics.dropped("no_sink_for_" + event.kind().name().toLowerCase()).inc();
            event.ack().release();
            return;
        }
        // One holder per route first, so a fast sink cannot complete the event before it reaches the others.
        event.ack().retain(routes);
        for (SinkRunner r : runners) {
            if (r.sink().accepts().contains(event.kind())) {
                r.queue().put(event);
            }
        }
        metrics.out().inc();
        event.ack().release(); // the source's own hold
    }
}
