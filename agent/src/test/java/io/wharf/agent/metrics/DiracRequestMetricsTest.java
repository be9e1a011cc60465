package io.wharf.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wharf.core.event.LogEvent;
import io.wharf.core.event.MetricPoint;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Events shaped as the DIRAC parser contract describes "Returning response" lines. */
class DiracRequestMetricsTest {
    static LogEvent response(String service, String method, String status, long durationNs) {
        LogEvent e = LogEvent.ofMessage("Returning response");
        e.put("dirac.request.kind", "response");
        e.put("dirac.component", "Framework/SystemAdministrator");
        e.put("dirac.request.method", method);
        e.put("dirac.request.status", status);
        e.put("event.duration", durationNs);
        e.put("service.name", service);
        e.put("host.name", "dirac-01");
        return e;
    }

    @Test
    void countsRequestsErrorsAndResponseTimePercentilesPerMethod() {
        DiracRequestMetrics metrics = new DiracRequestMetrics("agent-host");
        // 100 requests of 1..100 ms, every tenth an error
        for (int i = 1; i <= 100; i++) {
            LogEvent e = response("sysadmin", "getInfo", i % 10 == 0 ? "ERROR" : "OK", i * 1_000_000L);
            metrics.process(e);
            assertThat(e.fields()).doesNotContainKey("metrics"); // observes only
        }
        metrics.process(response("sysadmin", "ping", "OK", 2_000_000L));
        LogEvent request = response("sysadmin", "getInfo", "OK", 0);
        request.put("dirac.request.kind", "request"); // the incoming side is not a response
        metrics.process(request);
        metrics.process(LogEvent.ofMessage("unparsed line"));

        Map<String, MetricPoint> points = metrics.flush().stream()
                .collect(Collectors.toMap(p -> p.tags().get("method"), p -> p));
        assertThat(points).containsOnlyKeys("getInfo", "ping");
        MetricPoint p = points.get("getInfo");
        assertThat(p.measurement()).isEqualTo("dirac_requests");
        assertThat(p.tags()).containsEntry("host", "dirac-01").containsEntry("service", "sysadmin")
                .containsEntry("component", "Framework/SystemAdministrator").containsEntry("method", "getInfo");
        assertThat(p.fields()).containsEntry("requests", 100L).containsEntry("errors", 10L);
        assertThat((double) p.fields().get("response_time_mean")).isCloseTo(0.0505, within(1e-9));
        assertThat((double) p.fields().get("response_time_p50")).isCloseTo(0.050, within(1e-9));
        assertThat((double) p.fields().get("response_time_p95")).isCloseTo(0.095, within(1e-9));
        assertThat((double) p.fields().get("response_time_p99")).isCloseTo(0.099, within(1e-9));
        assertThat((double) p.fields().get("response_time_max")).isCloseTo(0.100, within(1e-9));
        assertThat((double) p.fields().get("interval_seconds")).isPositive();

        // the interval is closed: nothing is counted twice
        assertThat(metrics.flush()).isEmpty();
    }

    @Test
    void eventsWithoutDurationOrHostStillCount() {
        DiracRequestMetrics metrics = new DiracRequestMetrics("agent-host");
        LogEvent e = response("wms", "submitJob", "OK", 0);
        e.remove("event.duration");
        e.remove("host.name");
        metrics.process(e);
        List<MetricPoint> points = metrics.flush();
        assertThat(points).hasSize(1);
        assertThat(points.get(0).tags()).containsEntry("host", "agent-host");
        assertThat(points.get(0).fields()).containsEntry("requests", 1L).containsEntry("errors", 0L)
                .doesNotContainKeys("response_time_mean", "response_time_p95");
    }

    @Test
    void percentilesStayBoundedBeyondTheReservoir() {
        DiracRequestMetrics metrics = new DiracRequestMetrics("h");
        int n = DiracRequestMetrics.RESERVOIR * 5;
        for (int i = 0; i < n; i++) {
            metrics.process(response("s", "m", "OK", 1_000_000L * (i % 1000 + 1))); // uniform 1..1000 ms
        }
        MetricPoint p = metrics.flush().get(0);
        assertThat(p.fields()).containsEntry("requests", (long) n);
        assertThat((double) p.fields().get("response_time_max")).isEqualTo(1.0);
        // a uniform sample of 4096 out of 20480: p50 within a few percent of 0.5 s
        assertThat((double) p.fields().get("response_time_p50")).isCloseTo(0.5, within(0.05));
    }

    @Test
    void aTornadoResponseCountsForTheServiceItCalledNotForTheTornadoLogger() {
        DiracRequestMetrics metrics = new DiracRequestMetrics("agent-host");
        LogEvent e = response("tornado", "getReplicas", "OK", 5_000_000L);
        e.put("dirac.component", "Tornado/Tornado");
        e.put("dirac.request.type", "tornado");
        e.put("dirac.request.target", "DataManagement/TornadoFileCatalog");
        metrics.process(e);
        List<MetricPoint> points = metrics.flush();
        assertThat(points).singleElement().satisfies(p ->
                assertThat(p.tags()).containsEntry("component", "DataManagement/TornadoFileCatalog").containsEntry("method", "getReplicas"));
    }
}
