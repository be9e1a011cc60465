package io.wharf.shipper.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.shipper.http.HostUrl;
import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.event.LogEvent;
import io.wharf.core.json.Json;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.OutputsConfig;
import io.wharf.shipper.Sinks;
import io.wharf.shipper.deadletter.DeadLetterConfig;
import io.wharf.shipper.retry.RetryConfig;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.testkit.ElasticsearchCleanup;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Against the real Elasticsearch; each test writes to its own namespace and removes it. Outages
 * (the server stopped for real) are in {@link ElasticsearchOutageIT}, on a node of its own.
 */
class ElasticsearchSinkIT {
    private final String ns = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String dlPrefix = "wharf-deadletter-" + ns;

    @AfterEach
    void cleanUp() {
        ElasticsearchCleanup.deleteDataStreamsAndIndices(Stack.elasticsearchUrl(), "logs-wharf.*-" + ns, dlPrefix + "-*");
        ElasticsearchCleanup.deleteIndexTemplates(Stack.elasticsearchUrl(), "wharf-logs-" + ns, dlPrefix);
    }

    private ElasticsearchSinkConfig config(String host, int batchSize) {
        return new ElasticsearchSinkConfig(List.of(HostUrl.parse(host)), null, null, null, null, null, null, ns, null, null,
                Duration.ofSeconds(5), new RetryConfig(Duration.ofMillis(100), Duration.ofSeconds(2), null),
                new DeadLetterConfig("index", dlPrefix, null), null, null,
                new BatchConfig(batchSize, null, Duration.ofMillis(100), 2));
    }

    private static JsonNode search(String index, String query) {
        Http.post(Stack.elasticsearchUrl() + "/" + index + "/_refresh", "application/json", "");
        var r = Http.post(Stack.elasticsearchUrl() + "/" + index + "/_search", "application/json", query);
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(r.body(), e);
        }
    }

    private static long count(String index) {
        Http.post(Stack.elasticsearchUrl() + "/" + index + "/_refresh", "application/json", "");
        var r = Http.get(Stack.elasticsearchUrl() + "/" + index + "/_count");
        if (r.status() != 200) {
            return -1;
        }
        try {
            return Json.MAPPER.readTree(r.body()).path("count").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static LogEvent event(int i, AtomicInteger acked) {
        return LogEvent.ofMessage("line " + i).id("src-" + i).dataset("app")
                .put("@timestamp", "2026-11-21T10:00:00.000Z").put("seq", i)
                .ack(Acknowledgement.onComplete(acked::incrementAndGet));
    }

    @Test
    void aMappingConflictGoesToTheDeadLetterWithItsReasonAndTheRestOfTheBulkIsIndexed() throws Exception {
        var metrics = new SelfMetrics();
        AtomicInteger acked = new AtomicInteger();
        try (Pipeline pipeline = Sinks.pipeline(new OutputsConfig(config(Stack.elasticsearchUrl(), 100), null, null, null, null), metrics)) {
            pipeline.start();
            for (int i = 0; i < 10; i++) {
                pipeline.publisher().publish(event(i, acked));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() == 10);
            // seq is now a long: a word in it is a mapping conflict
            LogEvent bad = event(10, acked).put("seq", "eleven");
            pipeline.publisher().publish(bad);
            for (int i = 11; i < 15; i++) {
                pipeline.publisher().publish(event(i, acked));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() == 15);
        }
        String stream = "logs-wharf.app-" + ns;
        assertThat(count(stream)).isEqualTo(14);
        JsonNode dead = search(dlPrefix + "-*", "{\"query\":{\"match_all\":{}}}").path("hits").path("hits");
        assertThat(dead).hasSize(1);
        JsonNode doc = dead.get(0).path("_source");
        assertThat(doc.path("error").path("message").asText()).contains("failed to parse field [seq] of type [long]");
        assertThat(doc.path("http").path("response").path("status_code").asInt()).isEqualTo(400);
        assertThat(doc.path("wharf").path("destination").asText()).isEqualTo(stream);
        assertThat(doc.path("event").path("original").asText()).contains("\"seq\":\"eleven\"").contains("line 10");
        assertThat(metrics.value("wharf_events_failed_total", "component", "sink.elasticsearch")).isEqualTo(1.0);
        assertThat(metrics.value("wharf_events_out_total", "component", "sink.elasticsearch")).isEqualTo(14.0);
    }
}
