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

/** Dead letters as documents of the daily index {@code <prefix>-yyyy.MM.dd} in the same cluster. */
public final class ElasticsearchDeadLetter implements DeadLetter {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

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
            throw new IOException("installing the dead letter template failed: " + reply.status() + " " + reply.body());
        }
    }

    @Override
    public void write(List<DeadLetterRecord> records) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (DeadLetterRecord r : records) {
            String index = prefix + "-" + DAY.format(r.at());
            body.writeBytes((Json.write(Map.of("index", Map.of("_index", index))) + "\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes((Json.write(r.toDocument()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        var reply = http.send("POST", "/_bulk", body.toByteArray(), "application/x-ndjson");
        if (reply.status() != 200) {
            throw new IOException("dead letter bulk answered " + reply.status() + ": " + reply.body());
        }
        for (var o : BulkRetryPolicy.classify(reply.body(), records.size())) {
            if (o.action() != BulkRetryPolicy.Action.DELIVERED) {
                throw new IOException("dead letter refused: " + o.status() + " " + o.reason());
            }
        }
    }
}
