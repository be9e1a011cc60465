package io.wharf.shipper.sink.influxdb;

import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.metrics.ComponentMetrics;
import io.wharf.core.pipeline.Sink;
import io.wharf.shipper.deadletter.DeadLetterRecord;
import io.wharf.shipper.deadletter.DeadLetterWriter;
import io.wharf.shipper.deadletter.FileDeadLetter;
import io.wharf.core.retry.Backoff;
import io.wharf.core.retry.RetryBudget;
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
 * Metric points to InfluxDB as line protocol. 5xx, 429 and timeouts are retried with backoff.
 * A 400 means some point was refused (field type conflict, bad name); InfluxDB does not say which
 * line, so the batch is written again point by point: writing a point twice is harmless (same
 * series and timestamp overwrite), and the points refused alone go to the dead letter with
 * InfluxDB's message.
 */
public final class InfluxSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSink.class);

    private final String name;
    private final InfluxSinkConfig config;
    private final ComponentMetrics metrics;
    private InfluxWriter writer;
    private DeadLetterWriter deadLetter;
    private volatile boolean databaseReady;

    public InfluxSink(String name, InfluxSinkConfig config, ComponentMetrics metrics) {
        this.name = name;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<EventKind> accepts() {
        return EnumSet.of(EventKind.METRIC);
    }

    @Override
    public void start() throws IOException, InterruptedException {
        writer = new InfluxWriter(config);
        deadLetter = new DeadLetterWriter(new FileDeadLetter(Path.of(config.deadLetter().path()), name), metrics);
        try {
            ensureDatabase();
        } catch (IOException unreachable) {
            // Start anyway (an agent restarted during an outage must come up): the database is
            // created before the first write instead.
            LOG.warn("influxdb output: cannot reach {} ({}); the database will be created before the first write",
                    config.url(), unreachable.toString());
        }
    }

    /** CREATE DATABASE once, when asked to: unreachable is an IOException (later), refused an IllegalStateException. */
    private void ensureDatabase() throws IOException, InterruptedException {
        if (databaseReady || !config.createDatabase()) {
            return;
        }
        var r = writer.query("CREATE DATABASE \"" + config.database().replace("\"", "\\\"") + "\"");
        if (!r.ok() || r.body().contains("\"error\"")) {
            throw new IllegalStateException("creating InfluxDB database " + config.database() + " failed: " + r.status() + " " + r.body());
        }
        databaseReady = true;
    }

    public InfluxWriter writer() {
        return writer;
    }

    @Override
    public void write(List<Event> batch) throws InterruptedException {
        Backoff waitForDatabase = config.retry().backoff();
        while (true) {
            try {
                ensureDatabase();
                break;
            } catch (IOException | RuntimeException e) {
                LOG.warn("influxdb output: database {} not created yet ({}); holding {} points", config.database(), e.toString(), batch.size());
                metrics.retried().add(batch.size());
                waitForDatabase.sleep();
            }
        }
        List<String> lines = new ArrayList<>(batch.size());
        List<DeadLetterRecord> refused = new ArrayList<>();
        for (Event e : batch) {
            if (e instanceof MetricPoint p) {
                try {
                    lines.add(LineProtocol.line(p, config.precision()));
                } catch (IllegalArgumentException bad) {
                    refused.add(record(p.toString(), 0, bad.getMessage()));
                }
            }
        }
        int refusedLines = 0;
        if (!lines.isEmpty()) {
            var r = deliver(String.join("\n", lines), lines.size());
            if (r != null) {
                // refused as a whole: find the guilty lines one by one
                for (String line : lines) {
                    var single = deliver(line, 1);
                    if (single != null) {
                        refused.add(record(line, single.status(), single.body()));
                        refusedLines++;
                    }
                }
            }
        }
        metrics.out().add(lines.size() - refusedLines);
        deadLetter.deliver(refused);
    }

    /** Writes until InfluxDB answers something other than a retryable error; returns the 4xx reply, or null when written. */
    private InfluxWriter.Reply deliver(String body, int count) throws InterruptedException {
        Backoff backoff = config.retry().backoff();
        while (true) {
            try {
                var r = writer.write(body);
                if (r.ok()) {
                    return null;
                }
                if (r.status() / 100 == 4 && r.status() != 429 && r.status() != 408 && r.status() != 401 && r.status() != 403
                        && r.status() != 404) {
                    return r;
                }
                LOG.warn("influxdb output: write of {} points answered {}: {}; retrying", count, r.status(), r.body().trim());
            } catch (IOException e) {
                LOG.warn("influxdb output: write of {} points failed ({}); retrying", count, e.toString());
            }
            metrics.retried().add(count);
            backoff.sleep();
        }
    }

    private DeadLetterRecord record(String line, int status, String reason) {
        return new DeadLetterRecord(name, config.database(), status, reason == null ? "" : reason.trim(), line, Instant.now());
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
    }
}
