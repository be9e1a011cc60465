package io.wharf.core.pipeline;

import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.retry.RetryBudget;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Where events leave the agent: Elasticsearch, InfluxDB, Kafka, a file. A sink is driven by a
 * {@link SinkRunner}, which hands it batches from its queue and releases each event's
 * acknowledgement once {@link #write} returns; so a sink never deals with acknowledgements itself.
 */
public interface Sink extends AutoCloseable {

    /** The configured name, used in metrics ({@code sink.<name>}) and messages. */
    String name();

    /** Which events this sink takes; the others are not routed to it. */
    Set<EventKind> accepts();

    /** Connects, checks, installs templates. Called once before the first write. */
    default void start() throws Exception {
    }

    /**
     * Delivers a batch. Returns once every event is either delivered or handed to the dead letter
     * (and counted); retries what is retryable, with backoff, inside this call. Throws
     * InterruptedException only when the agent is shutting down, in which case nothing of the
     * batch is acknowledged and it is read again after restart.
     */
    void write(List<Event> batch) throws InterruptedException;

    /**
     * How {@link SinkRunner} retries a batch whose {@link #write} threw (a defect or an unforeseen
     * failure of the sink) before it gives the batch up to {@link #deadLetter}: the sink's own
     * retry settings where it has them.
     */
    default RetryBudget failureRetry() {
        return RetryBudget.DEFAULT;
    }

    /**
     * Takes a batch that {@link #write} kept failing on, after {@link #failureRetry()}: the events
     * are acknowledged afterwards, so the sources move on. Without a dead letter of its own, a
     * sink logs each event whole at ERROR (the log is then the only copy); the runner counts them.
     */
    default void deadLetter(List<Event> batch, Exception cause) throws Exception {
        var log = LoggerFactory.getLogger(Sink.class);
        for (Event e : batch) {
            log.error("sink {}: gave up on an event after repeated failures ({}); its content: {}", name(), cause.toString(), e);
        }
    }

    @Override
    default void close() {
    }
}
