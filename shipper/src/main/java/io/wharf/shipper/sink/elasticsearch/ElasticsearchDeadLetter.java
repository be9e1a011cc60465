package io.wharf.shipper.sink.elasticsearch;

import io.wharf.core.json.Json;
import io.wharf.shipper.deadletter.DeadLetter;
import io.wharf.shipper.deadletter.DeadLetterRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dead letters as documents of the daily index {@code <prefix>-yyyy.MM.dd} in the same cluster. */
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
            String index = prefix + "-" + DAY.format(r.at());
            body.writeBytes((Json.write(Map.of("index", Map.of("_index", index))) + "\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes((Json.write(r.toDocument()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return body.toByteArray();
    }

    static DeadLetterRecord truncated(DeadLetterRecord r) {
        if (r.original().length() <= MAX_ORIGINAL_CHARS) {
            return r;
        }
        LOG.warn("{}: dead letter for {} too large for the cluster; event.original cut from {} to {} characters",
                r.sink(), r.destination(), r.original().length(), MAX_ORIGINAL_CHARS);
        return new DeadLetterRecord(r.sink(), r.destination(), r.status(),
                r.reason() + " [event.original truncated to its first " + MAX_ORIGINAL_CHARS + " of " + r.original().length()
                        + " characters]", r.original().substring(0, MAX_ORIGINAL_CHARS), r.at());
    }
}
