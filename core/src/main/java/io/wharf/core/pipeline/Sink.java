package io.wharf.core.pipeline;

import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import java.util.List;
import java.util.Set;

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

    @Override
    default void close() {
    }
}
