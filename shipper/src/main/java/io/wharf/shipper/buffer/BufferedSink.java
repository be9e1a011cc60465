package io.wharf.shipper.buffer;

import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.metrics.ComponentMetrics;
import io.wharf.core.pipeline.Sink;
import io.wharf.shipper.sink.kafka.KafkaEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disk buffer in front of a sink. {@code write} appends the batch to the {@link DiskBuffer}
 * (in the {@link KafkaEnvelope} form) and returns once it is on disk, so the sources'
 * acknowledgements advance as soon as events are durable; a replay thread feeds the inner sink
 * from disk and commits the read position after each batch it delivered. Events survive an
 * agent restart during a sink outage.
 */
public final class BufferedSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedSink.class);

    private final Sink inner;
    private final DiskBufferConfig config;
    private final ComponentMetrics metrics;
    private final int replayBatch;
    private DiskBuffer buffer;
    private Thread replay;
    private volatile boolean running = true;

    public BufferedSink(Sink inner, DiskBufferConfig config, ComponentMetrics metrics, int replayBatch) {
        this.inner = inner;
        this.config = config;
        this.metrics = metrics;
        this.replayBatch = replayBatch;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Set<EventKind> accepts() {
        return inner.accepts();
    }

    @Override
    public void start() throws Exception {
        inner.start();
        buffer = new DiskBuffer(config, metrics);
        replay = new Thread(this::replay, "disk-buffer-" + inner.name());
        replay.setDaemon(true);
        replay.start();
    }

    @Override
    public void write(List<Event> batch) throws InterruptedException {
        List<byte[]> records = new ArrayList<>(batch.size());
        for (Event e : batch) {
            records.add(KafkaEnvelope.encode(e));
        }
        long backoff = 100;
        while (true) {
            try {
                buffer.append(records);
                return;
            } catch (java.io.IOException e) {
                LOG.warn("disk buffer for {}: append failed ({}); retrying", inner.name(), e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void replay() {
        while (running) {
            try {
                List<byte[]> records = buffer.read(replayBatch, 500);
                if (records.isEmpty()) {
                    continue;
                }
                List<Event> events = new ArrayList<>(records.size());
                for (byte[] r : records) {
                    try {
                        events.add(KafkaEnvelope.decode(r));
                    } catch (IllegalArgumentException bad) {
                        metrics.dropped("corrupt").inc();
                        LOG.error("disk buffer for {}: undecodable record skipped: {}", inner.name(), bad.getMessage());
                    }
                }
                inner.write(events);
                buffer.commit();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.error("disk buffer for {}: replay failed; retrying", inner.name(), e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (replay != null) {
            replay.interrupt();
            try {
                replay.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (buffer != null) {
                buffer.close();
            }
        } catch (Exception e) {
            LOG.warn("closing disk buffer: {}", e.getMessage());
        }
        inner.close();
    }
}
