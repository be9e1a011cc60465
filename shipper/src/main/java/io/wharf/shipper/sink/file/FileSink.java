package io.wharf.shipper.sink.file;

import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.event.LogEvent;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.json.Json;
import io.wharf.core.metrics.ComponentMetrics;
import io.wharf.core.pipeline.Sink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends events as NDJSON: {@code events.ndjson} (one Elasticsearch-shaped document a line) and
 * {@code metrics.ndjson} (measurement, tags, fields, timestamp). Each batch is flushed and
 * forced to disk before it is acknowledged, so the registry never runs ahead of the file.
 */
public final class FileSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);

    private final String name;
    private final Path dir;
    private final ComponentMetrics metrics;
    private FileChannel eventsChannel;
    private FileChannel metricsChannel;
    private BufferedWriter events;
    private BufferedWriter metricsOut;

    public FileSink(String name, FileSinkConfig config, ComponentMetrics metrics) {
        this.name = name;
        this.dir = Path.of(config.path());
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<EventKind> accepts() {
        return EnumSet.allOf(EventKind.class);
    }

    @Override
    public void start() throws IOException {
        Files.createDirectories(dir);
        eventsChannel = open(dir.resolve("events.ndjson"));
        metricsChannel = open(dir.resolve("metrics.ndjson"));
        events = new BufferedWriter(java.nio.channels.Channels.newWriter(eventsChannel, StandardCharsets.UTF_8), 1 << 16);
        metricsOut = new BufferedWriter(java.nio.channels.Channels.newWriter(metricsChannel, StandardCharsets.UTF_8), 1 << 16);
        LOG.info("file output: writing NDJSON to {}", dir.toAbsolutePath());
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void write(List<Event> batch) throws InterruptedException {
        boolean wroteEvents = false;
        boolean wroteMetrics = false;
        // A full disk is retried until it clears: dropping would lose data, and an unacknowledged
        // batch keeps the readers paused (backpressure) instead of growing the heap.
        long backoff = 100;
        while (true) {
            try {
                for (Event e : batch) {
                    if (e instanceof LogEvent log) {
                        events.write(Json.toJson(log));
                        events.write('\n');
                        wroteEvents = true;
                    } else if (e instanceof MetricPoint point) {
                        metricsOut.write(Json.write(Json.toMap(point)));
                        metricsOut.write('\n');
                        wroteMetrics = true;
                    }
                }
                if (wroteEvents) {
                    events.flush();
                    eventsChannel.force(false);
                }
                if (wroteMetrics) {
                    metricsOut.flush();
                    metricsChannel.force(false);
                }
                metrics.out().add(batch.size());
                return;
            } catch (IOException ex) {
                metrics.retried().add(batch.size());
                LOG.warn("file output {}: write failed ({}); retrying in {} ms", dir, ex.getMessage(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    @Override
    public void close() {
        try {
            if (events != null) {
                events.close();
            }
            if (metricsOut != null) {
                metricsOut.close();
            }
        } catch (IOException e) {
            LOG.warn("file output {}: close failed: {}", dir, e.getMessage());
        }
    }
}
