package io.wharf.shipper.sink.elasticsearch;

import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.ComponentMetrics;
import io.wharf.core.pipeline.Sink;
import io.wharf.shipper.deadletter.DeadLetter;
import io.wharf.shipper.deadletter.DeadLetterRecord;
import io.wharf.shipper.deadletter.DeadLetterWriter;
import io.wharf.shipper.deadletter.FileDeadLetter;
import io.wharf.shipper.retry.Backoff;
import io.wharf.shipper.sink.elasticsearch.BulkRetryPolicy.Action;
import io.wharf.shipper.sink.elasticsearch.BulkRetryPolicy.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log events to Elasticsearch through {@code _bulk}. Each batch from the runner is one bulk
 * request; items the server answers with 429 or 5xx are sent again (only those) with backoff
 * and jitter, 409 counts as delivered (the {@code _id} scheme makes a resend a no-op), other
 * refusals go to the dead letter. {@code write} returns only when every event is settled, so the
 * runner's acknowledgement is honest. Requests in flight are bounded by {@code batch.workers}.
 */
public final class ElasticsearchSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSink.class);

    private final String name;
    private final ElasticsearchSinkConfig config;
    private final ComponentMetrics metrics;
    private final BulkEncoder encoder;
    private ElasticsearchHttp http;
    private DeadLetterWriter deadLetter;

    public ElasticsearchSink(String name, ElasticsearchSinkConfig config, ComponentMetrics metrics) {
        this.name = name;
        this.config = config;
        this.metrics = metrics;
        this.encoder = BulkEncoder.of(config);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<EventKind> accepts() {
        return EnumSet.of(EventKind.LOG);
    }

    @Override
    public void start() throws IOException {
        http = new ElasticsearchHttp(config);
        DeadLetter target;
        if (config.deadLetter().isIndex()) {
            var es = new ElasticsearchDeadLetter(http, config.deadLetter().indexPrefix());
            target = es;
            if (config.installTemplate()) {
                es.installTemplate();
            }
        } else {
            target = new FileDeadLetter(Path.of(config.deadLetter().path()), name);
        }
        deadLetter = new DeadLetterWriter(target, metrics);
        if (config.installTemplate()) {
            installTemplate();
        }
    }

    /** PUT of the index template; the same body again is a no-op, so every start can do it. */
    public void installTemplate() throws IOException {
        var reply = http.sendJson("PUT", "/_index_template/" + IndexTemplates.logsTemplateName(config), IndexTemplates.logsTemplate(config));
        if (reply.status() != 200) {
            throw new IOException("installing index template " + IndexTemplates.logsTemplateName(config) + " failed: "
                    + reply.status() + " " + reply.body());
        }
        LOG.info("elasticsearch output: index template {} installed", IndexTemplates.logsTemplateName(config));
    }

    /** Holds one event across attempts. */
    private static final class Pending {
        final BulkEncoder.Item item;
        int attempts;
        Outcome last;

        Pending(BulkEncoder.Item item) {
            this.item = item;
        }
    }

    @Override
    public void write(List<Event> batch) throws InterruptedException {
        List<Pending> pending = new ArrayList<>(batch.size());
        List<DeadLetterRecord> refused = new ArrayList<>();
        for (Event e : batch) {
            if (e instanceof LogEvent log) {
                try {
                    pending.add(new Pending(encoder.item(log)));
                } catch (RuntimeException unencodable) {
                    refused.add(new DeadLetterRecord(name, encoder.indexFor(log), 0,
                            "cannot encode as JSON: " + unencodable.getMessage(), String.valueOf(log.fields()), Instant.now()));
                }
            }
        }
        Backoff backoff = config.retry().backoff();
        while (!pending.isEmpty()) {
            List<Pending> again = new ArrayList<>();
            try {
                var reply = http.send("POST", "/_bulk", encoder.body(pending.stream().map(p -> p.item).toList()),
                        "application/x-ndjson");
                if (reply.status() == 200) {
                    List<Outcome> outcomes = BulkRetryPolicy.classify(reply.body(), pending.size());
                    for (int i = 0; i < outcomes.size(); i++) {
                        settle(pending.get(i), outcomes.get(i), again, refused);
                    }
                } else {
                    Action action = BulkRetryPolicy.forRequestStatus(reply.status());
                    LOG.warn("elasticsearch output: bulk request answered {}: {}", reply.status(), abbreviate(reply.body()));
                    if (action == Action.RETRY) {
                        again.addAll(pending); // the whole request failed: not counted against any item
                    } else {
                        for (Pending p : pending) {
                            refused.add(record(p, reply.status(), "bulk request refused: " + abbreviate(reply.body())));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Cluster unreachable or timed out on every host: keep the batch, back off, try again.
                LOG.warn("elasticsearch output: bulk request of {} events failed ({}); retrying", pending.size(), e.toString());
                again.addAll(pending);
            }
            if (!again.isEmpty()) {
                metrics.retried().add(again.size());
                backoff.sleep();
            }
            pending = again;
        }
        deadLetter.deliver(refused);
    }

    private void settle(Pending p, Outcome o, List<Pending> again, List<DeadLetterRecord> refused) {
        switch (o.action()) {
            case DELIVERED -> metrics.out().inc();
            case DEAD_LETTER -> refused.add(record(p, o.status(), o.reason()));
            case RETRY -> {
                p.attempts++;
                p.last = o;
                if (config.retry().exhausted(p.attempts)) {
                    refused.add(record(p, o.status(), "gave up after " + p.attempts + " attempts: " + o.reason()));
                } else {
                    again.add(p);
                }
            }
        }
    }

    private DeadLetterRecord record(Pending p, int status, String reason) {
        return new DeadLetterRecord(name, p.item.index(), status, reason, p.item.document(), Instant.now());
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "...";
    }

    public ElasticsearchHttp http() {
        return http;
    }

    @Override
    public void close() {
        if (deadLetter != null) {
            deadLetter.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
