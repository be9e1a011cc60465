package io.wharf.autoscaler.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wharf.autoscaler.config.InfluxConfig;
import io.wharf.autoscaler.config.MetricConfig;
import io.wharf.autoscaler.config.MetricType;
import io.wharf.autoscaler.decision.MetricReading;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The InfluxQL layer against the real InfluxDB: points written through {@code /write} in the
 * agent's schema (Telegraf docker input names, {@code dirac_requests}), read back as per-instance values.
 */
class MetricsReaderIT {
    private static final String DB = "wharf_autoscaler_it_" + UUID.randomUUID().toString().substring(0, 8);
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static MetricsReader reader;

    @BeforeAll
    static void writePoints() {
        assertThat(Http.post(Stack.influxUrl() + "/query?q=" + Http.encode("CREATE DATABASE " + DB), "text/plain", "").status()).isEqualTo(200);
        long now = System.currentTimeMillis();
        List<String> lines = new ArrayList<>();
        // Two web containers over the last 50 s: a at 60%, b at 100% (mean of its series 100).
        for (int s = 50; s >= 0; s -= 10) {
            long t = now - s * 1000L;
            lines.add(cpu("web", "web.1.a", s % 20 == 0 ? 50 : 70, t));  // mean 60
            lines.add(cpu("web", "web.2.b", 100, t));
            lines.add(mem("web", "web.1.a", 100_000_000, t));
            lines.add(mem("web", "web.2.b", 300_000_000, t));
            lines.add("dirac_requests,host=h1,service=web,component=WorkloadManagement/JobManager,method=submitJob"
                    + " requests=300i,errors=0i,response_time_p95=0.4,response_time_mean=0.1,interval_seconds=10 " + t);
            // Another service on the same host must not leak into web's numbers.
            lines.add(cpu("other", "other.1.z", 400, t));
        }
        // web.3.c stopped reporting 45 s ago: with stale_after 30s it no longer counts as an instance.
        lines.add(cpu("web", "web.3.c", 900, now - 45_000));
        // A service whose agent stopped 5 minutes ago: stale, not missing.
        lines.add(cpu("quiet", "quiet.1.q", 50, now - 300_000));
        // The per-core series of Telegraf's docker input must not be mixed into cpu-total.
        lines.add("docker_container_cpu,host=h1,service=web,container_name=web.1.a,container_image=local/busybox:1,cpu=cpu0 usage_percent=999 " + now);
        Http.Response write = Http.post(Stack.influxUrl() + "/write?precision=ms&db=" + DB, "text/plain", String.join("\n", lines));
        assertThat(write.status()).as(write.body()).isEqualTo(204);
        InfluxConfig config = new InfluxConfig(Stack.influxUrl(), DB, null, null, null, null, null, null);
        reader = new MetricsReader(new InfluxClient(config), DB, new InfluxQl(null), Clock.systemUTC());
    }

    @AfterAll
    static void dropDatabase() {
        Http.post(Stack.influxUrl() + "/query?q=" + Http.encode("DROP DATABASE " + DB), "text/plain", "");
    }

    private static String cpu(String service, String container, double percent, long t) {
        return "docker_container_cpu,host=h1,service=" + service + ",container_name=" + container
                + ",container_image=local/busybox:1,cpu=cpu-total usage_percent=" + percent
                + ",usage_total=" + (long) (percent * 1e7) + "i,container_id=\"" + container + "-id\" " + t;
    }

    private static String mem(String service, String container, long workingSet, long t) {
        return "docker_container_mem,host=h1,service=" + service + ",container_name=" + container
                + ",container_image=local/busybox:1 usage=" + (workingSet + 1000) + "i,working_set=" + workingSet
                + "i,limit=1073741824i,usage_percent=10 " + t;
    }

    private static MetricConfig metric(MetricType type, String target) {
        return new MetricConfig(type, target, null, null, null);
    }

    @Test
    void cpuIsTheMeanPerContainerOverTheWindowAveragedOverReportingContainers() throws Exception {
        MetricReading r = reader.read(metric(MetricType.CPU_PERCENT, "80"), "web", WINDOW, Duration.ofSeconds(30), 2);
        assertThat(r.status()).isEqualTo(MetricReading.Status.OK);
        assertThat(r.value()).isCloseTo((60.0 + 100.0) / 2, within(0.01));
        assertThat(r.target()).isEqualTo(80);
    }

    @Test
    void aContainerThatStoppedReportingCountsUntilStaleAfter() throws Exception {
        MetricReading r = reader.read(metric(MetricType.CPU_PERCENT, "80"), "web", WINDOW, WINDOW, 3);
        assertThat(r.value()).isCloseTo((60.0 + 100.0 + 900.0) / 3, within(0.01));
    }

    @Test
    void memoryIsTheMeanWorkingSetPerContainer() throws Exception {
        MetricReading r = reader.read(metric(MetricType.MEMORY_WORKING_SET, "256MiB"), "web", WINDOW, Duration.ofSeconds(30), 2);
        assertThat(r.value()).isCloseTo(200_000_000, within(1.0));
        assertThat(r.target()).isEqualTo(256.0 * 1024 * 1024);
    }

    @Test
    void requestsPerSecondPerInstanceIsTheSumOverTheWindowDividedByWindowAndInstances() throws Exception {
        MetricReading r = reader.read(metric(MetricType.REQUESTS_PER_SECOND, "10"), "web", WINDOW, Duration.ofSeconds(30), 2);
        assertThat(r.value()).isCloseTo(6 * 300 / 60.0 / 2, within(0.001));
    }

    @Test
    void p95ResponseTimeIsTheMeanOverTheWindow() throws Exception {
        MetricReading r = reader.read(metric(MetricType.RESPONSE_TIME_P95, "0.5"), "web", WINDOW, Duration.ofSeconds(30), 2);
        assertThat(r.value()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void anOperatorQueryWithPlaceholders() throws Exception {
        MetricConfig q = new MetricConfig(MetricType.QUERY, "100",
                "SELECT max(\"usage_percent\") FROM \"docker_container_cpu\" WHERE \"service\" = '$service' AND \"cpu\" = 'cpu-total' AND $timeFilter",
                "cpu_max", false);
        MetricReading r = reader.read(q, "web", Duration.ofSeconds(40), Duration.ofSeconds(30), 2);
        assertThat(r.name()).isEqualTo("cpu_max");
        assertThat(r.value()).as("max 100, over 2 instances").isCloseTo(50.0, within(1e-9));
    }

    @Test
    void staleWhenTheNewestPointIsOlderThanStaleAfter() throws Exception {
        MetricReading r = reader.read(metric(MetricType.CPU_PERCENT, "80"), "quiet", WINDOW, WINDOW, 1);
        assertThat(r.status()).isEqualTo(MetricReading.Status.STALE);
        assertThat(r.detail()).matches("newest point 30\\ds old, stale_after 60s");
    }

    @Test
    void missingWhenTheServiceHasNoPoints() throws Exception {
        MetricReading r = reader.read(metric(MetricType.CPU_PERCENT, "80"), "nobody's", WINDOW, WINDOW, 1);
        assertThat(r.status()).isEqualTo(MetricReading.Status.MISSING);
        assertThat(r.detail()).isEqualTo("no points for service 'nobody's' in the last 600s");
        MetricReading q = reader.read(new MetricConfig(MetricType.QUERY, "1",
                "SELECT mean(\"requests\") FROM \"dirac_requests\" WHERE \"service\" = '$service' AND $timeFilter", "rq", null),
                "nobody's", WINDOW, WINDOW, 1);
        assertThat(q.status()).isEqualTo(MetricReading.Status.MISSING);
    }
}
