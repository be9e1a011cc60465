package io.wharf.shipper.deadletter;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One refused event: which sink refused it, where it was going, the server's status and reason,
 * and the original event as the sink would have sent it (a JSON document or a line-protocol line).
 * {@code eventId} and {@code eventTime} are the original event's id and {@code @timestamp} when it
 * has them: they make the dead letter of an event read twice (a crash, a rebalance, a new consumer
 * group) the same dead letter.
 */
public record DeadLetterRecord(String sink, String destination, int status, String reason, String original, Instant at,
                               String eventId, Instant eventTime) {

    /** A refused event without an id of its own (a metric point, an event with no source position). */
    public DeadLetterRecord(String sink, String destination, int status, String reason, String original, Instant at) {
        this(sink, destination, status, reason, original, at, null, null);
    }

    /** The document stored in the dead letter index or file. {@code event.original} keeps the event verbatim. */
    public Map<String, Object> toDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", at.toString());
        doc.put("wharf", Map.of("sink", sink, "destination", destination == null ? "" : destination));
        doc.put("http", Map.of("response", Map.of("status_code", status)));
        doc.put("error", Map.of("message", reason));
        Map<String, Object> event = new LinkedHashMap<>();
        if (eventId != null) {
            event.put("id", eventId);
        }
        event.put("original", original);
        doc.put("event", event);
        return doc;
    }

    /** A copy with another reason and original (a dead letter cut to fit). */
    public DeadLetterRecord withOriginal(String newReason, String newOriginal) {
        return new DeadLetterRecord(sink, destination, status, newReason, newOriginal, at, eventId, eventTime);
    }
}
