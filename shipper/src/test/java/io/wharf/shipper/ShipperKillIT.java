package io.wharf.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.event.LogEvent;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.json.Json;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.sink.kafka.KafkaSinkConfig;
import io.wharf.shipper.testing.EsQueries;
import io.wharf.shipper.testing.ShipperProcess;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent side (the Kafka sink) -> real Kafka -> two {@code wharf shipper} processes in one group ->
 * real Elasticsearch and InfluxDB. One shipper is killed with SIGKILL mid-stream; its partitions
 * move to the other, which re-reads from the last committed offsets: every event must be in
 * Elasticsearch exactly once and every point in InfluxDB.
 */
public class ShipperKillIT {
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String ns = "kill" + run;
    private final String db = "wharf_kill_" + run;
    private final String logsTopic = "wharf-logs-" + run;
    private final String metricsTopic = "wharf-metrics-" + run;

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws Exception {
        EsQueries.deleteNamespace(Stack.elasticsearchUrl(), ns);
        Http.post(Stack.influxUrl() + "/query", "application/x-www-form-urlencoded", "q=" + Http.encode("DROP DATABASE " + db));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", Stack.kafkaBootstrap()))) {
            admin.deleteTopics(List.of(logsTopic, metricsTopic)).all().get();
        }
    }

    private static long esCount(String index) {
        Http.post(Stack.elasticsearchUrl() + "/" + index + "/_refresh", "application/json", "");
        var r = Http.get(Stack.elasticsearchUrl() + "/" + index + "/_count");
        return r.status() != 200 ? 0 : readTree(r.body()).path("count").asLong();
    }

    static JsonNode readTree(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(s, e);
        }
    }

    private long influxCount() {
        var r = Http.get(Stack.influxUrl() + "/query?db=" + db + "&q=" + Http.encode("SELECT count(v) FROM load"));
        JsonNode series = readTree(r.body()).path("results").get(0).path("series");
        return series.isMissingNode() ? 0 : series.get(0).path("values").get(0).get(1).asLong();
    }

    @Test
    void killingOneShipperMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", Stack.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(logsTopic, 4, (short) 1), new NewTopic(metricsTopic, 2, (short) 1))).all().get();
        }
        Path config = tmp.resolve("shipper.yml");
        Files.writeString(config, """
                kafka:
                  bootstrap_servers: ["%s"]
                  logs_topic: %s
                  metrics_topic: %s
                group_id: wharf-shipper-%s
                max_poll_records: 200
                outputs:
                  elasticsearch:
                    hosts: ["%s"]
                    data_stream_namespace: %s
                    dead_letter: {type: index, index_prefix: wharf-deadletter-%s}
                    batch: {max_events: 200, flush_interval: 100ms}
                  influxdb:
                    url: %s
                    database: %s
                    create_database: true
                    dead_letter: {type: file, path: %s}
                    batch: {max_events: 500, flush_interval: 100ms}
                """.formatted(Stack.kafkaBootstrap(), logsTopic, metricsTopic, run, Stack.elasticsearchUrl(), ns, ns,
                Stack.influxUrl(), db, tmp.resolve("dl")));

        Process first = ShipperProcess.launch(config, tmp.resolve("first.log"));
        Process second = ShipperProcess.launch(config, tmp.resolve("second.log"));
        int logs = 12_000;
        int points = 3_000;
        AtomicInteger produced = new AtomicInteger();
        var agentSide = KafkaSinkConfig.of(Stack.kafkaBootstrap(), logsTopic, metricsTopic);
        try (Pipeline agent = Sinks.pipeline(new OutputsConfig(null, null, agentSide, null, null), new SelfMetrics())) {
            agent.start();
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < logs; i++) {
                        String container = "c" + (i % 8);
                        agent.publisher().publish(LogEvent.ofMessage("line " + i).id(LogEvent.idFor(container, i))
                                .dataset("container").routingKey(container).put("@timestamp", "2026-11-21T10:00:00Z")
                                .put("seq", i).ack(Acknowledgement.onComplete(produced::incrementAndGet)));
                        if (i % 4 == 0) {
                            agent.publisher().publish(MetricPoint.builder("load").tag("host", "h" + (i % 3)).field("v", (long) i)
                                    .timestampNanos(1_700_000_000_000_000_000L + i).build()
                                    .ack(Acknowledgement.onComplete(produced::incrementAndGet)));
                        }
                        if (i % 100 == 0) {
                            Thread.sleep(100); // a steady stream over about 12 s
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();
            String stream = "logs-wharf.container-" + ns;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> esCount(stream) > 1500);
            // SIGKILL: no shutdown hook, no final commit
            long shippedBeforeKill = esCount(stream);
            first.destroyForcibly().waitFor();
            assertThat(first.exitValue()).isEqualTo(137);
            // mid-stream: the shippers are still working through the topic when one dies (on a busy
            // machine the agent may have produced everything by then; what matters is what is shipped)
            assertThat(shippedBeforeKill).as("events in Elasticsearch just before the shipper was killed").isLessThan(logs);
            producer.join(60_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> produced.get() == logs + points);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> esCount(stream) >= logs);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> influxCount() >= points);
            assertThat(esCount(stream)).isEqualTo(logs);
            Http.post(Stack.elasticsearchUrl() + "/" + stream + "/_refresh", "application/json", "");
            EsQueries.assertEverySeqExactlyOnce(Stack.elasticsearchUrl(), stream, logs);
            assertThat(influxCount()).isEqualTo(points);
        } finally {
            second.destroy();
            second.waitFor();
            first.destroyForcibly();
        }
        assertThat(Files.readString(tmp.resolve("second.log"))).contains("shipper: group");
    }
}
