package io.wharf.core.event;

import io.wharf.core.ack.Acknowledgement;

/**
 * What flows through a pipeline: a log event or a metric point. Sinks declare which kinds they
 * take ({@link EventKind}); every event carries the acknowledgement that tells its source when
 * every sink is done with it.
 */
public sealed interface Event permits LogEvent, MetricPoint {

    EventKind kind();

    /** Released by each sink once the event is delivered, dead-lettered or counted as dropped. */
    Acknowledgement ack();

    /** An estimate of the heap the event holds; queues are bounded by the sum of these. */
    long estimatedBytes();

    /** The key that keeps one source's events in order (Kafka partition key); may be null. */
    String routingKey();
}
