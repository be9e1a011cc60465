package io.wharf.shipper.deadletter;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One refused event: which sink refused it, where it was going, the server's status and reason,
 * and the original event as the sink would have sent it (a JSON document or a line-protocol line).
 */
public record DeadLetterRecord(String sink, String destination, int status, String reason, String original, Instant at) {

    /** The document stored in the dead letter index or file. {@code event.original} keeps the event verbatim. */
    public Map<String, Object> toDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", at.toString());
        doc.put("wharf", Map.of("sink", sink, "destination", destination == null ? "" : destination));
        doc.put("http", Map.of("response", Map.of("status_code", status)));
        doc.put("error", Map.of("message", reason));
        doc.put("event", Map.of("original", original));
        return doc;
    }
}
