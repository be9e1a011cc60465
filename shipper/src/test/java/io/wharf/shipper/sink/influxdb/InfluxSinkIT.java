package io.wharf.shipper.sink.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.shipper.http.HostUrl;
import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.json.Json;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.OutputsConfig;
import io.wharf.shipper.Sinks;
import io.wharf.shipper.deadletter.DeadLetterConfig;
import io.wharf.shipper.retry.RetryConfig;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real InfluxDB 1.6; each test has its own database and drops it. Outages: {@link InfluxOutageIT}. */
class InfluxSinkIT {
    private final String db = "wharf_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @TempDir
    Path tmp;

    @AfterEach
    void dropDatabase() {
        Http.post(Stack.influxUrl() + "/query", "application/x-www-form-urlencoded", "q=" + Http.encode("DROP DATABASE " + db));
    }

    private InfluxSinkConfig config(String url) {
        return new InfluxSinkConfig(HostUrl.parse(url), db, null, null, null, null, null, "ns", true, true, Duration.ofSeconds(5),
                new RetryConfig(Duration.ofMillis(100), Duration.ofSeconds(2), null),
                DeadLetterConfig.file(tmp.resolve("dl").toString()), null, null,
                new BatchConfig(100, null, Duration.ofMillis(100), 1));
    }

    static JsonNode query(String db, String q) {
        var r = Http.get(Stack.influxUrl() + "/query?db=" + db + "&epoch=ns&q=" + Http.encode(q));
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(r.body(), e);
        }
    }

    private static long countOf(String db, String measurement) {
        JsonNode values = query(db, "SELECT count(v) FROM " + measurement).path("results").get(0).path("series");
        return values.isMissingNode() ? 0 : values.get(0).path("values").get(0).get(1).asLong();
    }

    private static MetricPoint point(String m, int i, Object v, AtomicInteger acked) {
        return MetricPoint.builder(m).tag("host", "h1").fieldValue("v", v)
                .timestampNanos(1_700_000_000_000_000_000L + i * 1_000_000L).build()
                .ack(Acknowledgement.onComplete(acked::incrementAndGet));
    }

    @Test
    void aFieldTypeConflictGoesToTheDeadLetterWithInfluxMessageAndTheOtherPointsAreWritten() throws Exception {
        var metrics = new SelfMetrics();
        AtomicInteger acked = new AtomicInteger();
        try (Pipeline pipeline = Sinks.pipeline(new OutputsConfig(null, config(Stack.influxUrl()), null, null, null), metrics)) {
            pipeline.start();
            pipeline.publisher().publish(point("m", 0, 1L, acked));
            await().atMost(Duration.ofSeconds(20)).until(() -> acked.get() == 1);
            for (int i = 1; i <= 5; i++) {
                pipeline.publisher().publish(point("m", i, i == 3 ? (Object) "three" : (Object) (long) i, acked));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> acked.get() == 6);
        }
        assertThat(countOf(db, "m")).isEqualTo(5);
        Path dl = tmp.resolve("dl").resolve("influxdb.ndjson");
        var lines = Files.readAllLines(dl);
        assertThat(lines).hasSize(1);
        JsonNode doc = Json.MAPPER.readTree(lines.get(0));
        assertThat(doc.path("error").path("message").asText()).contains("field type conflict");
        assertThat(doc.path("event").path("original").asText()).isEqualTo("m,host=h1 v=\"three\" 1700000000003000000");
        assertThat(metrics.value("wharf_events_failed_total", "component", "sink.influxdb")).isEqualTo(1.0);
    }
}
