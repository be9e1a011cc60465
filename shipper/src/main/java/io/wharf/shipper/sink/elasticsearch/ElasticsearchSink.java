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
import io.wharf.core.retry.Backoff;
import io.wharf.core.retry.RetryBudget;
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
 * refusals go to the dead letter. An item Elasticsearch would refuse in its action line (an
 * {@code _id} too long, an invalid index name: {@link BulkActionCheck}) is dead-lettered before
 * sending, since it would fail the whole request. A request the server refuses as a whole, too
 * large (413) or invalid (400), is split in halves until only the item(s) at fault are left, and
 * those are dead-lettered. {@code write} returns only when every event is settled, so the
 * runner's acknowledgement is honest. Requests in flight are bounded by {@code batch.workers}.
 */
public final class ElasticsearchSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSink.class);

    private final String name;
    private final ElasticsearchSinkConfig config;
    private final ComponentMetrics metrics;
    private final BulkEncoder encoder;
    private final BulkActionCheck actionCheck;
    private ElasticsearchHttp http;
    private DeadLetterWriter deadLetter;
    private ElasticsearchDeadLetter deadLetterIndex;
    private volatile boolean templatesInstalled;

    public ElasticsearchSink(String name, ElasticsearchSinkConfig config, ComponentMetrics metrics) {
        this(name, config, metrics, BulkActionCheck.ELASTICSEARCH);
    }

    /** With another check of the items before sending ({@link BulkActionCheck#NONE}: tests of Elasticsearch's own refusals). */
    ElasticsearchSink(String name, ElasticsearchSinkConfig config, ComponentMetrics metrics, BulkActionCheck actionCheck) {
        this.name = name;
        this.config = config;
        this.metrics = metrics;
        this.encoder = BulkEncoder.of(config);
        this.actionCheck = actionCheck;
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
    public void start() {
        http = new ElasticsearchHttp(config);
        DeadLetter target;
        if (config.deadLetter().isIndex()) {
            deadLetterIndex = new ElasticsearchDeadLetter(http, config.deadLetter().indexPrefix());
            target = deadLetterIndex;
        } else {
            target = new FileDeadLetter(Path.of(config.deadLetter().path()), name);
        }
        deadLetter = new DeadLetterWriter(target, metrics);
        try {
            ensureTemplates();
        } catch (IOException unreachable) {
            // The agent must start (and replay its disk buffer into the queue) while the cluster is
            // down: the templates are installed before the first bulk request instead.
            LOG.warn("elasticsearch output: cannot reach {} ({}); index templates will be installed before the first bulk request",
                    config.hosts(), unreachable.toString());
        }
    }

    /**
     * Installs the templates once per start, before anything is indexed: a data stream created
     * without ours would take Elasticsearch's built-in {@code logs-*-*} mappings. An unreachable
     * cluster is an IOException (try again later); a refusal (bad template, no privilege) an
     * IllegalStateException.
     */
    private void ensureTemplates() throws IOException {
        if (templatesInstalled || !config.installTemplate()) {
            return;
        }
        if (deadLetterIndex != null) {
            deadLetterIndex.installTemplate();
        }
        installTemplate();
        templatesInstalled = true;
    }

    /** PUT of the index template; the same body again is a no-op, so every start can do it. */
    public void installTemplate() throws IOException {
        var reply = http.sendJson("PUT", "/_index_template/" + IndexTemplates.logsTemplateName(config), IndexTemplates.logsTemplate(config));
        if (reply.status() != 200) {
            throw new IllegalStateException("installing index template " + IndexTemplates.logsTemplateName(config) + " failed: "
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
                BulkEncoder.Item item;
                try {
                    item = encoder.item(log);
                } catch (RuntimeException unencodable) {
                    refused.add(record(log, encoder.indexFor(log), 0, "cannot encode as JSON: " + unencodable.getMessage(),
                            String.valueOf(log.fields())));
                    continue;
                }
                String refusal = actionCheck.refusal(item.index(), log.id());
                if (refusal != null) {
                    refused.add(record(log, item.index(), 0, "not sent: " + refusal, item.document()));
                } else {
                    pending.add(new Pending(item));
                }
            }
        }
        Backoff backoff = config.retry().backoff();
        while (!pending.isEmpty()) {
            List<Pending> again = new ArrayList<>();
            if (templatesReady(pending.size())) {
                send(pending, again, refused);
            } else {
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

    private boolean templatesReady(int events) {
        try {
            ensureTemplates();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("elasticsearch output: index templates not installed yet ({}); holding {} events", e.toString(), events);
            return false;
        }
    }

    /**
     * One bulk request for {@code pending}: what is delivered is counted, what must be sent again
     * goes to {@code again}, what is refused to {@code refused}. A request refused as a whole
     * (413, 400) is split: {@link #refusedWhole}.
     */
    private void send(List<Pending> pending, List<Pending> again, List<DeadLetterRecord> refused) {
        try {
            var reply = http.send("POST", "/_bulk", encoder.body(pending.stream().map(p -> p.item).toList()),
                    "application/x-ndjson");
            if (reply.status() == 200) {
                List<Outcome> outcomes = BulkRetryPolicy.classify(reply.body(), pending.size());
                for (int i = 0; i < outcomes.size(); i++) {
                    settle(pending.get(i), outcomes.get(i), again, refused);
                }
            } else if (reply.status() == 413 || reply.status() == 400) {
                refusedWhole(pending, again, refused, reply.status(), reply.body());
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
    }

    /**
     * A whole request refused for what one or a few of its items are: too large (413), or invalid
     * (400, e.g. {@code action_request_validation_exception}) for a reason the check before sending
     * does not know. The request is split in halves, each sent on its own, recursively, so that
     * only the items at fault are dead-lettered, never their neighbours.
     */
    private void refusedWhole(List<Pending> pending, List<Pending> again, List<DeadLetterRecord> refused, int status, String body) {
        if (pending.size() == 1) {
            Pending p = pending.get(0);
            if (status == 413) {
                int bytes = p.item.document().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                refused.add(record(p, 413, "document of " + bytes + " bytes is larger than Elasticsearch accepts in one request "
                        + "(http.max_content_length): " + abbreviate(body)));
            } else {
                refused.add(record(p, status, "bulk request refused: " + abbreviate(BulkRetryPolicy.requestError(body))));
            }
            return;
        }
        LOG.info("elasticsearch output: bulk request of {} events refused as a whole ({}: {}); sending it in two halves",
                pending.size(), status, status == 413 ? "too large" : abbreviate(BulkRetryPolicy.requestError(body)));
        int half = pending.size() / 2;
        send(pending.subList(0, half), again, refused);
        send(pending.subList(half, pending.size()), again, refused);
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
        return record(p.item.event(), p.item.index(), status, reason, p.item.document());
    }

    /** A dead letter that carries the event's id and time, so the same event refused again is the same dead letter. */
    private DeadLetterRecord record(LogEvent event, String index, int status, String reason, String original) {
        return new DeadLetterRecord(name, index, status, reason, original, Instant.now(), event.id(), eventTime(event));
    }

    private static Instant eventTime(LogEvent event) {
        Object ts = event.fields().get(LogEvent.TIMESTAMP);
        try {
            return ts == null ? null : Instant.parse(ts.toString());
        } catch (RuntimeException notIso) {
            return null;
        }
    }

    /** At most 500 characters, cut in the middle: Elasticsearch's reasons quote the value first and say what is wrong last. */
    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 250) + "..." + s.substring(s.length() - 247);
    }

    public ElasticsearchHttp http() {
        return http;
    }

    @Override
    public RetryBudget failureRetry() {
        return config.retry().budget();
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
