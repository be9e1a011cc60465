package io.wharf.shipper.deadletter;

import java.util.List;

/**
 * Where a sink puts what its server refused for good (mapping conflict, field type conflict,
 * any non-retryable 4xx): the original event and the server's reason, so nothing is dropped
 * silently and an operator can fix and replay it.
 */
public interface DeadLetter extends AutoCloseable {

    /** Stores the records; throws if they could not be stored (the sink then retries). */
    void write(List<DeadLetterRecord> records) throws Exception;

    @Override
    default void close() {
    }
}
