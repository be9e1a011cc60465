package io.wharf.core.pipeline;

import io.wharf.core.metrics.SelfMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The sinks of one process, each behind its own bounded queue and runner, and the publisher that
 * feeds them. Sources hold the publisher; the pipeline owns the lifecycle.
 */
public final class Pipeline implements AutoCloseable {
    private final List<SinkRunner> runners;
    private final Publisher publisher;
    private final SelfMetrics metrics;

    private Pipeline(List<SinkRunner> runners, SelfMetrics metrics) {
        this.runners = List.copyOf(runners);
        this.metrics = metrics;
        this.publisher = new Publisher(runners, metrics.component("publisher"));
    }

    public static Builder builder(SelfMetrics metrics) {
        return new Builder(metrics);
    }

    /** Starts every sink (templates, connection checks) and then their runners. */
    public void start() throws Exception {
        for (SinkRunner r : runners) {
            r.sink().start();
        }
        for (SinkRunner r : runners) {
            r.start();
        }
    }

    public Publisher publisher() {
        return publisher;
    }

    public List<SinkRunner> runners() {
        return runners;
    }

    public SelfMetrics metrics() {
        return metrics;
    }

    /** Gives each sink up to {@code drainMillis} to deliver what is queued. */
    public void close(long drainMillis) {
        for (SinkRunner r : runners) {
            r.close(drainMillis);
        }
    }

    @Override
    public void close() {
        close(5000);
    }

    public static final class Builder {
        private final SelfMetrics metrics;
        private final List<SinkRunner> runners = new ArrayList<>();

        private Builder(SelfMetrics metrics) {
            this.metrics = metrics;
        }

        public Builder sink(Sink sink, long queueBytes, OverflowPolicy policy, BatchSettings batch) {
            var componentMetrics = metrics.component("sink." + sink.name());
            EventQueue queue = new EventQueue(sink.name(), queueBytes, policy, componentMetrics);
            runners.add(new SinkRunner(sink, queue, batch, componentMetrics));
            return this;
        }

        public Pipeline build() {
            return new Pipeline(runners, metrics);
        }
    }
}
