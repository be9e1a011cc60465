package io.wharf.autoscaler.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.autoscaler.config.MetricConfig;
import io.wharf.autoscaler.config.MetricType;
import io.wharf.autoscaler.decision.MetricReading;
import io.wharf.autoscaler.metrics.InfluxClient.Series;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one policy metric from InfluxDB as a value per instance, or says why it cannot:
 * nothing in the look-back (missing), or nothing recent enough (stale). Per-container metrics
 * average each container's series over the window, then average the containers that are still
 * reporting (newest point within {@code stale_after}).
 */
public final class MetricsReader {
    private final InfluxClient client;
    private final String database;
    private final InfluxQl ql;
    private final Clock clock;

    public MetricsReader(InfluxClient client, String database, InfluxQl ql, Clock clock) {
        this.client = client;
        this.database = database;
        this.ql = ql;
        this.clock = clock;
    }

    public MetricReading read(MetricConfig metric, String service, Duration window, Duration staleAfter, int instances)
            throws IOException {
        String name = metric.displayName();
        double target = metric.targetValue();
        String valueQuery = ql.value(metric, service, window);
        if (metric.type() == MetricType.QUERY) {
            return readQuery(metric, valueQuery, instances);
        }
        List<List<Series>> results = client.query(database, valueQuery + "; " + ql.newest(metric, service, window));
        List<Series> values = results.get(0);
        List<Series> newest = results.size() > 1 ? results.get(1) : List.of();
        long now = clock.millis();
        long freshSince = now - staleAfter.toMillis();

        if (newest.isEmpty() || newest.stream().allMatch(s -> s.rows().isEmpty())) {
            return MetricReading.missing(name, target, "no points for service '" + service + "' in the last "
                    + window.multipliedBy(InfluxQl.LOOK_BACK_WINDOWS).toSeconds() + "s");
        }
        long newestMs = newest.stream().flatMap(s -> s.rows().stream()).mapToLong(r -> r.get(0).asLong()).max().orElse(0);
        if (newestMs < freshSince) {
            return MetricReading.stale(name, target, "newest point " + (now - newestMs) / 1000 + "s old, stale_after "
                    + staleAfter.toSeconds() + "s");
        }

        if (InfluxQl.perContainer(metric.type())) {
            Map<String, Long> lastSeen = new HashMap<>();
            for (Series s : newest) {
                s.rows().forEach(r -> lastSeen.merge(String.valueOf(s.tag("container_name")), r.get(0).asLong(), Math::max));
            }
            double sum = 0;
            int containers = 0;
            for (Series s : values) {
                Long seen = lastSeen.get(String.valueOf(s.tag("container_name")));
                Double mean = firstNumber(s);
                if (seen != null && seen >= freshSince && mean != null) {
                    sum += mean;
                    containers++;
                }
            }
            if (containers == 0) {
                return MetricReading.stale(name, target, "no container of '" + service + "' reported in the last " + staleAfter.toSeconds() + "s");
            }
            return MetricReading.ok(name, sum / containers, target);
        }

        Double value = values.isEmpty() ? null : firstNumber(values.get(0));
        if (value == null) {
            return MetricReading.missing(name, target, "no points for service '" + service + "' in the last " + window.toSeconds() + "s");
        }
        if (metric.type() == MetricType.REQUESTS_PER_SECOND) {
            value = value / window.toSeconds() / Math.max(1, instances);
        }
        return MetricReading.ok(name, value, target);
    }

    private MetricReading readQuery(MetricConfig metric, String query, int instances) throws IOException {
        List<List<Series>> results = client.query(database, query);
        Double value = null;
        if (!results.isEmpty() && !results.get(0).isEmpty()) {
            value = lastNumber(results.get(0).get(0));
        }
        if (value == null) {
            return MetricReading.missing(metric.displayName(), metric.targetValue(), "the query returned no value");
        }
        if (!metric.perInstance()) {
            value = value / Math.max(1, instances);
        }
        return MetricReading.ok(metric.displayName(), value, metric.targetValue());
    }

    /** The first row's first value after the time column. */
    private static Double firstNumber(Series s) {
        if (s.rows().isEmpty()) {
            return null;
        }
        return numberAt(s.rows().get(0));
    }

    /** The last row's first value after the time column (an operator's query may return a series over time). */
    private static Double lastNumber(Series s) {
        for (int i = s.rows().size() - 1; i >= 0; i--) {
            Double v = numberAt(s.rows().get(i));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static Double numberAt(JsonNode row) {
        JsonNode v = row.size() > 1 ? row.get(1) : null;
        return v == null || !v.isNumber() ? null : v.asDouble();
    }
}
