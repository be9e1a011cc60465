package io.wharf.autoscaler.report;

import io.wharf.autoscaler.decision.Decision;
import io.wharf.autoscaler.decision.Decision.MetricDesire;
import io.wharf.autoscaler.metrics.InfluxClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every decision goes: the log (a warning when nothing could be done for a reason the
 * operator should see), InfluxDB as measurements {@code wharf_autoscaler} and
 * {@code wharf_autoscaler_metric} (so Grafana can plot decisions next to the load; see
 * {@link #toLine}), and the last decision per service for {@code /api/v1/autoscaler}.
 * A failed write to InfluxDB is logged and does not stop the autoscaler.
 */
public final class DecisionLog {
    public static final String MEASUREMENT = "wharf_autoscaler";
    /** One point per metric of a decision: its reading against its target. */
    public static final String METRIC_MEASUREMENT = "wharf_autoscaler_metric";
    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);

    /** A decision with the orchestrator it was made for. */
    public record Entry(String orchestrator, Decision decision) {
    }

    private final InfluxClient influx;
    private final String database;
    private final Map<String, Entry> latest = new ConcurrentHashMap<>();

    /** {@code influx} may be null: decisions are then only logged and served. */
    public DecisionLog(InfluxClient influx, String database) {
        this.influx = influx;
        this.database = database;
    }

    public void record(String orchestrator, Decision d) {
        latest.put(orchestrator + "/" + d.service(), new Entry(orchestrator, d));
        switch (d.outcome()) {
            case APPLIED, DRY_RUN -> LOG.info("{}", d.summary());
            case NO_DATA, REFUSED, FAILED -> LOG.warn("{}", d.summary());
            default -> LOG.info("{}", d.summary());
        }
        if (influx != null) {
            try {
                influx.write(database, toLine(orchestrator, d));
            } catch (IOException e) {
                LOG.warn("cannot write the decision for {} to InfluxDB: {}", d.service(), e.getMessage());
            }
        }
    }

    /** The last decision of each service, by service name. */
    public List<Entry> latest() {
        List<Entry> entries = new ArrayList<>(latest.values());
        entries.sort(Comparator.comparing((Entry e) -> e.decision().service()).thenComparing(Entry::orchestrator));
        return entries;
    }

    /**
     * The decision as InfluxDB line protocol, one point per line, in a fixed schema Grafana can
     * query whatever the policy's metrics are called: one {@code wharf_autoscaler} point (tags
     * service, orchestrator, action, outcome; fields current, running, desired, recommended,
     * target = the count asked for, applied, reason) and one {@code wharf_autoscaler_metric} point
     * per metric (tags service, orchestrator, metric; fields value, target, desired). A value the
     * decision does not have (no reading, no desired count) is left out, not written as zero.
     */
    static String toLine(String orchestrator, Decision d) {
        long ms = d.time().toEpochMilli();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("action", d.action().name().toLowerCase());
        tags.put("orchestrator", orchestrator);
        tags.put("outcome", d.outcome().name().toLowerCase());
        tags.put("service", d.service());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("current", d.current());
        fields.put("running", d.running());
        fields.put("desired", d.desired());
        fields.put("recommended", d.recommended());
        fields.put("target", d.target());
        fields.put("applied", d.outcome() == Decision.Outcome.APPLIED);
        fields.put("reason", d.reason());
        StringBuilder lines = new StringBuilder(LineProtocol.point(MEASUREMENT, tags, fields, ms));
        for (MetricDesire m : d.metrics()) {
            Map<String, String> metricTags = new LinkedHashMap<>();
            metricTags.put("metric", m.name());
            metricTags.put("orchestrator", orchestrator);
            metricTags.put("service", d.service());
            Map<String, Object> metricFields = new LinkedHashMap<>();
            metricFields.put("value", m.value());
            metricFields.put("target", m.target());
            metricFields.put("desired", m.desired());
            lines.append('\n').append(LineProtocol.point(METRIC_MEASUREMENT, metricTags, metricFields, ms));
        }
        return lines.toString();
    }
}
