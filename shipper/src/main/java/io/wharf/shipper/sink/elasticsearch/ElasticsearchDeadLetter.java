package io.wharf.shipper.sink.elasticsearch;

import io.wharf.core.json.Json;
import io.wharf.shipper.deadletter.DeadLetter;
import io.wharf.shipper.deadletter.DeadLetterRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dead letters as documents of the daily index {@code <prefix>-yyyy.MM.dd} in the same cluster, one per refused event. */
public final class ElasticsearchDeadLetter implements DeadLetter {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchDeadLetter.class);
    /** What is kept of a document too large for the cluster: enough to see what it was. */
    static final int MAX_ORIGINAL_CHARS = 64 * 1024;

    private final ElasticsearchHttp http;
    private final String prefix;

    public ElasticsearchDeadLetter(ElasticsearchHttp http, String prefix) {
        this.http = http;
        this.prefix = prefix;
    }

    public void installTemplate() throws IOException {
        var reply = http.sendJson("PUT", "/_index_template/" + IndexTemplates.deadLetterTemplateName(prefix),
                IndexTemplates.deadLetterTemplate(prefix));
        if (reply.status() != 200) {
            throw new IllegalStateException("installing the dead letter template failed: " + reply.status() + " " + reply.body());
        }
    }

    @Override
    public void write(List<DeadLetterRecord> records) throws IOException {
        var reply = http.send("POST", "/_bulk", body(records), "application/x-ndjson");
        if (reply.status() == 413) {
            // A document the cluster refused for its size is as large again as a dead letter: keep
            // its head (the reason says how much was cut) and send the records one by one.
            for (DeadLetterRecord r : records) {
                DeadLetterRecord fitted = truncated(r);
                check(http.send("POST", "/_bulk", body(List.of(fitted)), "application/x-ndjson"), 1);
            }
            return;
        }
        check(reply, records.size());
    }

    private void check(ElasticsearchHttp.Reply reply, int records) throws IOException {
        if (reply.status() != 200) {
            throw new IOException("dead letter bulk answered " + reply.status() + ": " + reply.body());
        }
        for (var o : BulkRetryPolicy.classify(reply.body(), records)) {
            if (o.action() != BulkRetryPolicy.Action.DELIVERED) {
                throw new IOException("dead letter refused: " + o.status() + " " + o.reason());
            }
        }
    }

    private byte[] body(List<DeadLetterRecord> records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (DeadLetterRecord r : records) {
            body.writeBytes((Json.write(Map.of("create", action(r))) + "\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes((Json.write(r.toDocument()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return body.toByteArray();
    }

    /**
     * Where a dead letter goes. An event with an id gets a dead letter of the same id (or of its
     * SHA-256 if the id is too long for Elasticsearch, which may be why it was refused) in the
     * index of the day of its own {@code @timestamp}, written with {@code create}: the same event
     * refused again after a re-read is a 409, not a second dead letter. Without an id, the day of
     * the refusal and an id chosen by Elasticsearch.
     */
    private Map<String, Object> action(DeadLetterRecord r) {
        Map<String, Object> action = new LinkedHashMap<>(2);
        action.put("_index", prefix + "-" + DAY.format(r.eventId() != null && r.eventTime() != null ? r.eventTime() : r.at()));
        if (r.eventId() != null) {
            action.put("_id", deadLetterId(r.eventId()));
        }
        return action;
    }

    static String deadLetterId(String eventId) {
        if (BulkActionCheck.idRefusal(eventId) == null) {
            return eventId;
        }
        try {
            return "sha256-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static DeadLetterRecord truncated(DeadLetterRecord r) {
        if (r.original().length() <= MAX_ORIGINAL_CHARS) {
            return r;
        }
        LOG.warn("{}: dead letter for {} too large for the cluster; event.original cut from {} to {} characters",
                r.sink(), r.destination(), r.original().length(), MAX_ORIGINAL_CHARS);
        return r.withOriginal(r.reason() + " [event.original truncated to its first " + MAX_ORIGINAL_CHARS + " of "
                + r.original().length() + " characters]", r.original().substring(0, MAX_ORIGINAL_CHARS));
    }
}
