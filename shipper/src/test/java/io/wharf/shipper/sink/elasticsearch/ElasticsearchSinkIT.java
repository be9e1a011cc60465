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

    /** One pipeline with this test's sink; the events are queued before it starts, so they leave in one bulk request. */
    private void shipInOneRequest(BulkActionCheck check, SelfMetrics metrics, List<LogEvent> events) throws Exception {
        AtomicInteger acked = new AtomicInteger();
        var config = config(Stack.elasticsearchUrl(), events.size());
        Pipeline pipeline = Pipeline.builder(metrics)
                .sink(new ElasticsearchSink("elasticsearch", config, metrics.component("sink.elasticsearch"), check),
                        config.queue().maxBytes().bytes(), config.queue().whenFull(), config.batch().settings())
                .build();
        try (pipeline) {
            for (LogEvent e : events) {
                pipeline.publisher().publish(e.ack(Acknowledgement.onComplete(acked::incrementAndGet)));
            }
            pipeline.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() == events.size());
        }
    }

    private static List<LogEvent> batchWith(int size, java.util.Map<Integer, String> idsAt) {
        List<LogEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(LogEvent.ofMessage("line " + i).id(idsAt.getOrDefault(i, "src-" + i)).dataset("app")
                    .put("@timestamp", "2026-11-21T10:00:00.000Z").put("seq", i));
        }
        return events;
    }

    private JsonNode deadLetters() {
        return search(dlPrefix + "-*", "{\"size\":100,\"query\":{\"match_all\":{}}}").path("hits").path("hits");
    }

    @Test
    void anIdTooLongForElasticsearchIsDeadLetteredBeforeSendingAndTheRestOfItsBatchIsIndexed() throws Exception {
        var metrics = new SelfMetrics();
        String tooLong = "x".repeat(600);
        // the whole request would be refused (400 action_request_validation_exception) for this one item
        shipInOneRequest(BulkActionCheck.ELASTICSEARCH, metrics, batchWith(200, java.util.Map.of(77, tooLong)));

        String stream = "logs-wharf.app-" + ns;
        assertThat(count(stream)).isEqualTo(199);
        JsonNode dead = deadLetters();
        assertThat(dead).hasSize(1);
        JsonNode doc = dead.get(0).path("_source");
        assertThat(doc.path("error").path("message").asText())
                .isEqualTo("not sent: _id of 600 bytes is longer than the 512 bytes Elasticsearch accepts");
        assertThat(doc.path("http").path("response").path("status_code").asInt()).isZero();
        assertThat(doc.path("event").path("original").asText()).contains("\"seq\":77");
        assertThat(doc.path("event").path("id").asText()).isEqualTo(tooLong);
        assertThat(metrics.value("wharf_events_failed_total", "component", "sink.elasticsearch")).isEqualTo(1.0);
        assertThat(metrics.value("wharf_events_out_total", "component", "sink.elasticsearch")).isEqualTo(199.0);
    }

    @Test
    void aBulkRequestRefusedAsAWholeWith400IsSplitUntilOnlyTheItemsAtFaultAreDeadLettered() throws Exception {
        var metrics = new SelfMetrics();
        // nothing checked before sending: the server itself refuses the whole request, as it would
        // for any rule the check does not know
        shipInOneRequest(BulkActionCheck.NONE, metrics, batchWith(200, java.util.Map.of(13, "y".repeat(513), 150, "z".repeat(700))));

        assertThat(count("logs-wharf.app-" + ns)).isEqualTo(198);
        JsonNode dead = deadLetters();
        assertThat(dead).hasSize(2);
        for (JsonNode hit : dead) {
            JsonNode doc = hit.path("_source");
            assertThat(doc.path("http").path("response").path("status_code").asInt()).isEqualTo(400);
            assertThat(doc.path("error").path("message").asText()).startsWith("bulk request refused: ")
                    .contains("action_request_validation_exception").contains("must be no longer than 512 bytes");
        }
        assertThat(dead).extracting(h -> h.path("_source").path("event").path("original").asText())
                .anySatisfy(o -> assertThat(o).contains("\"seq\":13")).anySatisfy(o -> assertThat(o).contains("\"seq\":150"));
        assertThat(metrics.value("wharf_events_failed_total", "component", "sink.elasticsearch")).isEqualTo(2.0);
        assertThat(metrics.value("wharf_events_out_total", "component", "sink.elasticsearch")).isEqualTo(198.0);
    }

    @Test
    void theSameEventRefusedAgainIsTheSameDeadLetterUnderAnIdFromItsOwn() throws Exception {
        String tooLong = "w".repeat(600);
        // a refusal by the server (client.ip is an ip field) and one before sending (the id), each read twice,
        // as after a kill -9 or by a new consumer group
        for (int read = 0; read < 2; read++) {
            List<LogEvent> events = batchWith(20, java.util.Map.of(5, tooLong));
            events.get(9).put("client.ip", "not an address");
            shipInOneRequest(BulkActionCheck.ELASTICSEARCH, new SelfMetrics(), events);
        }
        assertThat(count("logs-wharf.app-" + ns)).isEqualTo(18);
        JsonNode dead = deadLetters();
        assertThat(dead).as("one dead letter per refused event, however often it was read").hasSize(2);
        assertThat(dead).extracting(h -> h.path("_id").asText())
                .containsExactlyInAnyOrder("src-9", ElasticsearchDeadLetter.deadLetterId(tooLong));
        assertThat(ElasticsearchDeadLetter.deadLetterId(tooLong)).startsWith("sha256-").hasSize(7 + 64);
        // in the index of the event's own day, whatever the day it was refused (or refused again)
        assertThat(dead).extracting(h -> h.path("_index").asText()).containsOnly(dlPrefix + "-2026.11.21");
    }
}
