package io.wharf.shipper.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.shipper.http.HostUrl;
import io.wharf.core.config.ByteSize;
import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.OutputsConfig;
import io.wharf.shipper.Sinks;
import io.wharf.shipper.buffer.DiskBufferConfig;
import io.wharf.shipper.deadletter.DeadLetterConfig;
import io.wharf.shipper.retry.RetryConfig;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.QueueConfig;
import io.wharf.shipper.testing.EsQueries;
import io.wharf.shipper.testing.SteadyLoad;
import io.wharf.testkit.Http;
import io.wharf.testkit.PrivateElasticsearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against an Elasticsearch node of this test's own (the shared one is never stopped): the node is
 * stopped for real (SIGTERM, process gone) and started again on the same data. It runs with
 * {@code http.max_content_length: 1mb}, so large bulk requests meet real 413s. One node for every
 * test here: starting one costs 15-30 s.
 */
class ElasticsearchOutageIT {
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    /** The number: the cluster is away for a minute under a steady load. */
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final long QUEUE_BYTES = 1L << 20;
    private static final int BATCH = 500;

    private static PrivateElasticsearch es;

    @BeforeAll
    static void startNode() {
        es = PrivateElasticsearch.start(Path.of("target", "private-elasticsearch-" + RUN), Map.of("http.max_content_length", "1mb"));
    }

    @AfterAll
    static void stopNode() {
        if (es != null) {
            es.close();
        }
    }

    private static ElasticsearchSinkConfig config(String ns, QueueConfig queue, DiskBufferConfig buffer, int batchSize) {
        return new ElasticsearchSinkConfig(List.of(HostUrl.parse(es.url())), null, null, null, null, null, null, ns, null, null,
                Duration.ofSeconds(5), new RetryConfig(Duration.ofMillis(100), Duration.ofSeconds(2), null),
                new DeadLetterConfig("index", "wharf-deadletter-" + ns, null), buffer, queue,
                new BatchConfig(batchSize, null, Duration.ofMillis(100), 2));
    }

    private static LogEvent event(int seq, String message) {
        return LogEvent.ofMessage(message).id("src-" + seq).dataset("app")
                .put("@timestamp", "2026-11-21T10:00:00.000Z").put("seq", seq);
    }

    private static double retried(Pipeline p) {
        return p.metrics().value("wharf_events_retried_total", "component", "sink.elasticsearch");
    }

    @Test
    void aMinuteOfOutageUnderSteadyLoadLosesNothingDuplicatesNothingAndTheBufferedAgentSurvivesARestart() throws Exception {
        String memNs = "mem" + RUN;
        String bufNs = "buf" + RUN;
        String memStream = "logs-wharf.app-" + memNs;
        String bufStream = "logs-wharf.app-" + bufNs;
        Path bufferDir = Path.of("target", "private-elasticsearch-" + RUN + "-buffer").toAbsolutePath();
        var buffer = new DiskBufferConfig(bufferDir.toString(), null, null, null, null);
        AtomicInteger memAcked = new AtomicInteger();
        AtomicInteger bufAcked = new AtomicInteger();
        // two agents at once, so the one minute of outage covers both: one with only its bounded
        // in-memory queue (1 MiB), one with a disk buffer that is restarted while the cluster is away
        SteadyLoad memLoad = new SteadyLoad(i -> event(i, "line " + i).ack(io.wharf.core.ack.Acknowledgement.onComplete(memAcked::incrementAndGet)), 200);
        SteadyLoad bufLoad = new SteadyLoad(i -> event(i, "line " + i).ack(io.wharf.core.ack.Acknowledgement.onComplete(bufAcked::incrementAndGet)), 50);
        Pipeline mem = Sinks.pipeline(new OutputsConfig(config(memNs, new QueueConfig(ByteSize.of(QUEUE_BYTES), null), null, BATCH),
                null, null, null, null), new SelfMetrics());
        Pipeline buf = Sinks.pipeline(new OutputsConfig(config(bufNs, null, buffer, BATCH), null, null, null, null), new SelfMetrics());
        try {
            mem.start();
            buf.start();
            memLoad.resume(mem.publisher()::publish);
            bufLoad.resume(buf.publisher()::publish);
            await().atMost(Duration.ofSeconds(30)).until(() -> EsQueries.count(es.url(), memStream) > 300
                    && EsQueries.count(es.url(), bufStream) > 100);

            es.stop();
            assertThat(es.isRunning()).isFalse();
            assertThatThrownBy(() -> Http.get(es.url() + "/_cluster/health")).as("nothing listens any more").isInstanceOf(RuntimeException.class);
            long outageStart = System.nanoTime();
            int memAckedAtStop = memAcked.get();
            double retriedAtStop = retried(mem);

            // a third of the way in, the buffered agent stops (its events are on disk) and starts again
            await().atMost(OUTAGE).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertThat(mem.runners().get(0).queue().bytes()).isLessThanOrEqualTo(QUEUE_BYTES);
                return System.nanoTime() - outageStart > OUTAGE.toNanos() / 3;
            });
            bufLoad.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> bufAcked.get() == bufLoad.published());
            buf.close();
            assertThat(Files.list(bufferDir).filter(f -> f.toString().endsWith(".seg")).mapToLong(f -> f.toFile().length()).sum())
                    .as("events waiting on disk across the restart").isPositive();
            int publishedBeforeRestart = bufLoad.published();
            buf = Sinks.pipeline(new OutputsConfig(config(bufNs, null, buffer, BATCH), null, null, null, null), new SelfMetrics());
            buf.start(); // must work with the cluster away: templates are installed later
            bufLoad.resume(buf.publisher()::publish);

            // the rest of the minute: the sink keeps retrying, the queue never exceeds its bound
            await().atMost(OUTAGE.plusSeconds(5)).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertThat(mem.runners().get(0).queue().bytes()).isLessThanOrEqualTo(QUEUE_BYTES);
                return System.nanoTime() - outageStart > OUTAGE.toNanos();
            });
            assertThat(retried(mem)).as("retried during the outage").isGreaterThan(retriedAtStop);
            assertThat(memAcked.get()).as("acknowledged without the cluster: at most what was in flight")
                    .isLessThanOrEqualTo(memAckedAtStop + 2 * BATCH);
            // 200 events/s for a minute is more than 1 MiB: the queue filled up and the load was held back
            assertThat(mem.runners().get(0).queue().bytes()).isGreaterThan(QUEUE_BYTES / 2);
            int memPublishedAtEnd = memLoad.published();
            assertThat(memPublishedAtEnd).as("backpressure: fewer events taken than a minute of load offered")
                    .isLessThan(memAckedAtStop + 200 * (int) OUTAGE.toSeconds());
            assertThat(bufLoad.published()).as("the restarted agent takes events during the outage").isGreaterThan(publishedBeforeRestart);

            es.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> memAcked.get() > memPublishedAtEnd);
            memLoad.stop();
            bufLoad.stop();
            int memTotal = memLoad.published();
            int bufTotal = bufLoad.published();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> EsQueries.count(es.url(), memStream) == memTotal && EsQueries.count(es.url(), bufStream) == bufTotal);
            EsQueries.assertEverySeqExactlyOnce(es.url(), memStream, memTotal);
            EsQueries.assertEverySeqExactlyOnce(es.url(), bufStream, bufTotal);
            assertThat(mem.metrics().value("wharf_events_failed_total", "component", "sink.elasticsearch")).isZero();
        } finally {
            memLoad.close();
            bufLoad.close();
            mem.close();
            buf.close();
            try (var files = Files.walk(bufferDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void aRequestTooLargeIsSplitUntilItFitsAndOnlyTheDocumentTooLargeByItselfIsDeadLettered() throws Exception {
        String ns = "big" + RUN;
        String stream = "logs-wharf.app-" + ns;
        int normal = 1000;
        String padding = "x".repeat(2000); // 1000 of these: about 2 MB, twice what the node accepts in one request
        String huge = "y".repeat(1_500_000); // larger than the limit by itself
        var metrics = new SelfMetrics();
        AtomicInteger acked = new AtomicInteger();
        try (Pipeline pipeline = Sinks.pipeline(new OutputsConfig(config(ns, null, null, normal + 1), null, null, null, null), metrics)) {
            // queued before the sink starts, so the first bulk request carries all of them at once
            for (int i = 0; i < normal; i++) {
                if (i == normal / 2) {
                    pipeline.publisher().publish(LogEvent.ofMessage(huge).id("huge").dataset("app")
                            .put("@timestamp", "2026-11-21T10:00:00.000Z").put("seq", -1)
                            .ack(io.wharf.core.ack.Acknowledgement.onComplete(acked::incrementAndGet)));
                }
                pipeline.publisher().publish(event(i, i + " " + padding).ack(io.wharf.core.ack.Acknowledgement.onComplete(acked::incrementAndGet)));
            }
            pipeline.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() == normal + 1);
        }
        assertThat(EsQueries.count(es.url(), stream)).isEqualTo(normal);
        EsQueries.assertEverySeqExactlyOnce(es.url(), stream, normal);
        JsonNode dead = EsQueries.search(es.url(), "wharf-deadletter-" + ns + "-*", "{\"query\":{\"match_all\":{}}}").path("hits").path("hits");
        assertThat(dead).hasSize(1);
        JsonNode doc = dead.get(0).path("_source");
        assertThat(doc.path("http").path("response").path("status_code").asInt()).isEqualTo(413);
        assertThat(doc.path("error").path("message").asText())
                .contains("larger than Elasticsearch accepts in one request (http.max_content_length)")
                .contains("truncated");
        assertThat(doc.path("wharf").path("destination").asText()).isEqualTo(stream);
        // the head of the document as it was sent: the dead letter index lives in the same cluster, with the same limit
        assertThat(doc.path("event").path("original").asText()).startsWith("{\"message\":\"yyyyyyyy").hasSize(64 * 1024);
        assertThat(metrics.value("wharf_events_failed_total", "component", "sink.elasticsearch")).isEqualTo(1.0);
        assertThat(metrics.value("wharf_events_out_total", "component", "sink.elasticsearch")).isEqualTo(normal);
    }
}
