package io.wharf.agent.logs;

import io.wharf.core.metrics.SelfMetrics;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log lines the agent could not read and knows it: each is logged once as a WARN naming the
 * source and the file, counted on /metrics ({@code wharf_log_files_lost_total{reason}},
 * {@code wharf_log_bytes_lost_total{reason}}, both present at 0 from the start), and kept for the
 * status API ({@code /api/v1/machine}, {@code log_losses}). Bytes are a lower bound: what the
 * registry and the rotation settings prove was never read.
 */
public final class LogLosses {
    private static final Logger LOG = LoggerFactory.getLogger(LogLosses.class);
    private static final int RECENT = 50;
    static final String FILES = "wharf_log_files_lost_total";
    static final String BYTES = "wharf_log_bytes_lost_total";

    /** Why lines were lost. */
    public enum Reason {
        /** The registry's file was gone when the agent started: Docker rotated it away (max-file) while the agent was down. */
        GONE_AT_RESTART("gone_at_restart"),
        /** A rotated file the agent saw but could not hold (too many unread files held) was deleted before it was read. */
        NOT_HELD("not_held");

        final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    /** One loss, as the status API shows it. */
    public record Loss(String time, String reason, String source, String file, long offset, long bytesLost, String detail) {
    }

    private final SelfMetrics metrics;
    private final Deque<Loss> recent = new ArrayDeque<>();

    public LogLosses(SelfMetrics metrics) {
        this.metrics = metrics == null ? new SelfMetrics() : metrics;
        for (Reason r : Reason.values()) {
            files(r);
            bytes(r);
        }
    }

    private SelfMetrics.Counter files(Reason r) {
        return metrics.counter(FILES, "Log files the agent knows it did not read to their end, by reason", "reason", r.label);
    }

    private SelfMetrics.Counter bytes(Reason r) {
        return metrics.counter(BYTES, "Bytes of log files the agent knows it never read (a lower bound), by reason", "reason", r.label);
    }

    /**
     * @param source    the container ({@code name (short id)}) or file the lines belonged to
     * @param offset    how far the file was read (committed), where known, else -1
     * @param bytesLost bytes after {@code offset} that cannot be read any more; -1 if unknown
     * @param detail    what is known beyond that, for the WARN and the status API
     */
    void report(Reason reason, String source, String file, long offset, long bytesLost, String detail) {
        files(reason).inc();
        if (bytesLost > 0) {
            bytes(reason).add(bytesLost);
        }
        String bytes = bytesLost < 0 ? "an unknown number of bytes" : "at least " + bytesLost + " bytes";
        LOG.warn("logs: LOST {} of {}: {} (read up to offset {}) is gone; {}", bytes, source, file, offset, detail);
        synchronized (recent) {
            recent.addLast(new Loss(Instant.now().toString(), reason.label, source, file, offset, bytesLost, detail));
            while (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }
    }

    /** Totals and the most recent losses, for the status API. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        long files = 0;
        long bytes = 0;
        for (Reason r : Reason.values()) {
            files += files(r).get();
            bytes += bytes(r).get();
        }
        m.put("files_lost", files);
        m.put("bytes_lost", bytes);
        List<Loss> list;
        synchronized (recent) {
            list = new ArrayList<>(recent);
        }
        m.put("recent", list);
        return m;
    }
}
