package io.wharf.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.sink.kafka.KafkaSinkConfig;
import io.wharf.shipper.testing.EsQueries;
import io.wharf.shipper.testing.GroupLag;
import io.wharf.shipper.testing.ShipperThread;
import io.wharf.testkit.PrivateKafka;
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
 * Poison records among good ones, through a Kafka broker of this test's own and a
 * {@code wharf shipper} into the real Elasticsearch, which refuses them for real: an envelope
 * whose {@code id} is longer than Elasticsearch accepts (it used to make the server refuse the
 * whole bulk request, and every good event of it was dead-lettered) and a document with a value
 * its mapping refuses. Then a second consumer group reads the whole topic again, as after a
 * kill -9 or a new deployment: every good event is in Elasticsearch once and each refused event
 * has one dead letter, not one per read.
 */
class ShipperRefusalsIT {
    private static final int GOOD = 3000;
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String ns = "refuse" + run;
    private final String stream = "logs-wharf.app-" + ns;
    private final String deadLetters = "wharf-deadletter-" + ns;
    private final String logsTopic = "wharf-logs-" + run;

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() {
        EsQueries.deleteNamespace(Stack.elasticsearchUrl(), ns);
    }

    private static LogEvent event(String id, int seq) {
        String container = "c" + (seq % 4);
        return LogEvent.ofMessage("line " + seq).id(id).dataset("app").routingKey(container)
                .put("@timestamp", "2026-11-21T10:00:00Z").put("seq", seq);
    }

    /** Reads the whole topic with a shipper of consumer group {@code group}, until the group has committed every record. */
    private void shipEverything(String bootstrap, Admin admin, String group) throws Exception {
        Path config = tmp.resolve(group + ".yml");
        Files.writeString(config, """
                kafka:
                  bootstrap_servers: ["%s"]
                  logs_topic: %s
                  metrics_topic: %s-metrics
                group_id: %s
                max_poll_records: 500
                outputs:
                  elasticsearch:
                    hosts: ["%s"]
                    data_stream_namespace: %s
                    dead_letter: {type: index, index_prefix: %s}
                    batch: {max_events: 500, flush_interval: 200ms}
                """.formatted(bootstrap, logsTopic, logsTopic, group, Stack.elasticsearchUrl(), ns, deadLetters));
        try (ShipperThread shipper = ShipperThread.start(config, group)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().isEmpty()
                            && GroupLag.of(admin, group, logsTopic) == 0);
        }
    }

    private JsonNode deadLetterHits() {
        return EsQueries.search(Stack.elasticsearchUrl(), deadLetters + "-*", "{\"size\":100,\"query\":{\"match_all\":{}}}")
                .path("hits").path("hits");
    }

    @Test
    void poisonRecordsAreDeadLetteredAloneAndOnceHoweverOftenTheTopicIsRead() throws Exception {
        String tooLongId = "container-" + "x".repeat(600);
        try (PrivateKafka kafka = PrivateKafka.start(Path.of("target", "private-kafka-" + run));
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(logsTopic, 2, (short) 1), new NewTopic(logsTopic + "-metrics", 1, (short) 1)))
                    .all().get();
            AtomicInteger acked = new AtomicInteger();
            try (Pipeline agent = Sinks.pipeline(new OutputsConfig(null, null, KafkaSinkConfig.of(kafka.bootstrap(), logsTopic,
                    logsTopic + "-metrics"), null, null), new SelfMetrics())) {
                agent.start();
                for (int i = 0; i < GOOD; i++) {
                    agent.publisher().publish(event(LogEvent.idFor("c" + (i % 4), i), i).ack(Acknowledgement.onComplete(acked::incrementAndGet)));
                    if (i == GOOD / 3) {
                        agent.publisher().publish(event(tooLongId, 100_001).ack(Acknowledgement.onComplete(acked::incrementAndGet)));
                    }
                    if (i == 2 * GOOD / 3) {
                        // client.ip is an ip field in wharf's template: the server refuses this document alone
                        agent.publisher().publish(event("bad-ip", 100_002).put("client.ip", "not an address")
                                .ack(Acknowledgement.onComplete(acked::incrementAndGet)));
                    }
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() == GOOD + 2);
            }

            shipEverything(kafka.bootstrap(), admin, "first-" + run);
            assertThat(EsQueries.count(Stack.elasticsearchUrl(), stream)).as("every good event, none dead-lettered with the poison").isEqualTo(GOOD);
            EsQueries.assertEverySeqExactlyOnce(Stack.elasticsearchUrl(), stream, GOOD);
            JsonNode dead = deadLetterHits();
            assertThat(dead).hasSize(2);
            assertThat(dead).extracting(h -> h.path("_source").path("error").path("message").asText())
                    .anySatisfy(m -> assertThat(m).isEqualTo("not sent: _id of 610 bytes is longer than the 512 bytes Elasticsearch accepts"))
                    .anySatisfy(m -> assertThat(m).contains("failed to parse field [client.ip] of type [ip]"));

            // a new consumer group reads the whole topic again: nothing more in either index
            shipEverything(kafka.bootstrap(), admin, "second-" + run);
            assertThat(EsQueries.count(Stack.elasticsearchUrl(), stream)).isEqualTo(GOOD);
            EsQueries.assertEverySeqExactlyOnce(Stack.elasticsearchUrl(), stream, GOOD);
            assertThat(deadLetterHits()).as("one dead letter per refused event, however often it is read").hasSize(2);
        }
    }
}
