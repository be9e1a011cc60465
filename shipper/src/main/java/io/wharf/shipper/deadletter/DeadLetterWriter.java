package io.wharf.shipper.deadletter;

import io.wharf.core.metrics.ComponentMetrics;
import io.wharf.core.retry.Backoff;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands refused events to the dead letter and counts them ({@code failed}). If the dead letter
 * itself cannot take them after a few tries, each event is logged with its reason and counted as
 * dropped ({@code dead_letter_failed}): never silent, and the sink is not blocked for ever by a
 * broken dead letter.
 */
public final class DeadLetterWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);
    private static final int ATTEMPTS = 5;

    private final DeadLetter target;
    private final ComponentMetrics metrics;

    public DeadLetterWriter(DeadLetter target, ComponentMetrics metrics) {
        this.target = target;
        this.metrics = metrics;
    }

    public DeadLetter target() {
        return target;
    }

    public void deliver(List<DeadLetterRecord> records) throws InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        for (DeadLetterRecord r : records) {
            LOG.warn("{}: {} refused an event for {} ({}): {}; sent to the dead letter", r.sink(), r.status(),
                    r.destination(), r.reason(), abbreviate(r.original()));
        }
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        for (int attempt = 1; ; attempt++) {
            try {
                target.write(records);
                metrics.failed().add(records.size());
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (attempt >= ATTEMPTS) {
                    for (DeadLetterRecord r : records) {
                        LOG.error("{}: dead letter unavailable ({}); dropping event refused with {} {}: {}", r.sink(),
                                e.getMessage(), r.status(), r.reason(), r.original());
                    }
                    metrics.dropped("dead_letter_failed").add(records.size());
                    return;
                }
                LOG.warn("dead letter write failed ({}), retrying", e.getMessage());
                backoff.sleep();
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    @Override
    public void close() {
        try {
            target.close();
        } catch (Exception e) {
            LOG.debug("closing dead letter", e);
        }
    }
}
