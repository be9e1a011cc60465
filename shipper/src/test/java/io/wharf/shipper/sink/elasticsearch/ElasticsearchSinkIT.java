package io.wharf.shipper.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.event.LogEvent;
import io.wharf.core.json.Json;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.OutputsConfig;
import io.wharf.shipper.Sinks;
import io.wharf.shipper.buffer.DiskBufferConfig;
import io.wharf.shipper.deadletter.DeadLetterConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import io.wharf.shipper.retry.RetryConfig;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.testing.TcpProxy;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the real Elasticsearch; each test writes to its own namespace and removes it. */
class ElasticsearchSinkIT {
    private final String ns = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String dlPrefix = "wharf-deadletter-" + ns;

    @AfterEach
    void cleanUp() {
        Http.delete(Stack.elasticsearchUrl() + "/_data_stream/logs-wharf.*-" + ns);
        Http.delete(Stack.elasticsearchUrl() + "/" + dlPrefix + "-*");
        Http.delete(Stack.elasticsearchUrl() + "/_index_template/wharf-logs-" + ns);
        Http.delete(Stack.elasticsearchUrl() + "/_index_template/" + dlPrefix);
    }

    private ElasticsearchSinkConfig config(String host, int batchSize) {
        return config(host, batchSize, null);
    }

    private ElasticsearchSinkConfig config(String host, int batchSize, DiskBufferConfig buffer) {
        return new ElasticsearchSinkConfig(List.of(host), null, null, null, null, null, null, ns, null, null,
                Duration.ofSeconds(5), new RetryConfig(Duration.ofMillis(100), Duration.ofSeconds(2), null),
                new DeadLetterConfig("index", dlPrefix, null), buffer, null,
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

    @Test
    void anOutageUnderSteadyLoadLosesNothingAndDuplicatesNothing() throws Exception {
        // The shared server must keep running for the other suites: the outage is a TCP relay
        // that is cut (connection refused, open connections reset) and restored, which is what
        // the sink sees when the server process stops and starts again.
        var metrics = new SelfMetrics();
        AtomicInteger acked = new AtomicInteger();
        int total = 3000;
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", Integer.parseInt(Stack.elasticsearchUrl().replaceAll(".*:", "")));
             Pipeline pipeline = Sinks.pipeline(new OutputsConfig(config(proxy.url(), 200), null, null, null, null), metrics)) {
            pipeline.start();
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        pipeline.publisher().publish(event(i, acked));
                        if (i % 100 == 0) {
                            Thread.sleep(50); // a steady stream, about 2000 events/s
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() > 300);
            proxy.cut();
            long ackedAtCut = acked.get();
            // 15 s outage (the issue says 60 s; the behaviour is the same and the suite stays fast)
            long outageEnd = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> System.nanoTime() > outageEnd);
            // nothing is acknowledged while the server is away, beyond what was in flight
            assertThat(acked.get()).isLessThanOrEqualTo((int) ackedAtCut + 2 * 200);
            assertThat(metrics.value("wharf_events_retried_total", "component", "sink.elasticsearch")).isPositive();
            // the queue bounds memory: it never holds more than its byte limit
            assertThat(pipeline.runners().get(0).queue().bytes()).isLessThanOrEqualTo(64L << 20);
            proxy.restore();
            producer.join(60_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() == total);
        }
        String stream = "logs-wharf.app-" + ns;
        assertThat(count(stream)).isEqualTo(total);
        io.wharf.shipper.ShipperKillIT.assertEverySeqExactlyOnce(stream, total);
    }

    @TempDir
    Path tmp;

    @Test
    void withTheDiskBufferTheAgentCanBeRestartedDuringAnOutageWithoutLoss() throws Exception {
        var buffer = new DiskBufferConfig(tmp.resolve("buffer").toString(), null, null, null, null);
        int total = 800;
        AtomicInteger acked = new AtomicInteger();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", Integer.parseInt(Stack.elasticsearchUrl().replaceAll(".*:", "")))) {
            // first agent run: the template is installed, then the server goes away
            try (Pipeline first = Sinks.pipeline(new OutputsConfig(config(proxy.url(), 100, buffer), null, null, null, null), new SelfMetrics())) {
                first.start();
                proxy.cut();
                for (int i = 0; i < total; i++) {
                    first.publisher().publish(event(i, acked));
                }
                // acknowledged once on disk: the registry may move on, the events are durable
                await().atMost(Duration.ofSeconds(20)).until(() -> acked.get() == total);
            } // the agent stops while Elasticsearch is still away
            assertThat(count("logs-wharf.app-" + ns)).isLessThan(total);
            proxy.restore();
            try (Pipeline second = Sinks.pipeline(new OutputsConfig(config(proxy.url(), 100, buffer), null, null, null, null), new SelfMetrics())) {
                second.start();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> count("logs-wharf.app-" + ns) == total);
            }
        }
        io.wharf.shipper.ShipperKillIT.assertEverySeqExactlyOnce("logs-wharf.app-" + ns, total);
    }
}
