package io.wharf.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.sink.kafka.KafkaSinkConfig;
import io.wharf.shipper.testing.EsQueries;
import io.wharf.shipper.testing.GroupLag;
import io.wharf.shipper.testing.ShipperProcess;
import io.wharf.shipper.testing.ShipperThread;
import io.wharf.shipper.testing.SteadyLoad;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out through a Kafka broker of this test's own into the real Elasticsearch: one busy
 * source must use every partition (it used to land on one, so a second shipper got no work); a
 * shipper joining a group that is working through a backlog
 * must get partitions without making the group read thousands of records again (every join
 * re-sent about 18 000 events before), and a shipper killed with SIGKILL must stall its
 * partitions for seconds, not the 35-45 s of Kafka's default session timeout.
 */
class ShipperGroupIT {
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static PrivateKafka kafka;

    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String ns = "group" + run;
    private final String stream = "logs-wharf.app-" + ns;
    private final String logsTopic = "wharf-logs-" + run;
    private final String group = "wharf-shipper-" + run;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        kafka = PrivateKafka.start(Path.of("target", "private-kafka-group-" + RUN));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void cleanUp() {
        EsQueries.deleteNamespace(Stack.elasticsearchUrl(), ns);
    }

    /** One busy source, as one busy file or container is: what scale-out must spread over every partition. */
    private static LogEvent event(int seq) {
        String source = "/var/log/busy.log";
        return LogEvent.ofMessage("line " + seq).id(LogEvent.idFor(source, seq)).dataset("app").routingKey(source)
                .put("@timestamp", "2026-11-21T10:00:00Z").put("seq", seq);
    }

    private Path config() throws Exception {
        Path config = tmp.resolve("shipper.yml");
        Files.writeString(config, """
                kafka:
                  bootstrap_servers: ["%s"]
                  logs_topic: %s
                  metrics_topic: %s-metrics
                group_id: %s
                outputs:
                  elasticsearch:
                    hosts: ["%s"]
                    data_stream_namespace: %s
                    dead_letter: {type: index, index_prefix: wharf-deadletter-%s}
                    batch: {max_events: 1000, flush_interval: 200ms}
                """.formatted(kafka.bootstrap(), logsTopic, logsTopic, group, Stack.elasticsearchUrl(), ns, ns));
        return config;
    }

    private Admin createTopics() throws Exception {
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()));
        admin.createTopics(List.of(new NewTopic(logsTopic, 4, (short) 1), new NewTopic(logsTopic + "-metrics", 1, (short) 1))).all().get();
        // a topic just created has no leaders for a moment; this test is about the group, not that moment
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(logsTopic)).allTopicNames().get().get(logsTopic)
                .partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        return admin;
    }

    private Pipeline agent() throws Exception {
        Pipeline agent = Sinks.pipeline(new OutputsConfig(null, null, KafkaSinkConfig.of(kafka.bootstrap(), logsTopic, logsTopic + "-metrics"),
                null, null), new SelfMetrics());
        agent.start();
        return agent;
    }

    /** Creates the topics and fills the logs topic with {@code n} events of the one busy source. */
    private Admin backlog(int n) throws Exception {
        Admin admin = createTopics();
        AtomicInteger acked = new AtomicInteger();
        try (Pipeline agent = agent()) {
            for (int i = 0; i < n; i++) {
                agent.publisher().publish(event(i).ack(Acknowledgement.onComplete(acked::incrementAndGet)));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> acked.get() == n);
        }
        return admin;
    }

    @Test
    void oneBusySourceIsSpreadOverEveryPartition() throws Exception {
        int events = 20_000;
        try (Admin admin = backlog(events)) {
            for (int p = 0; p < 4; p++) {
                var tp = new org.apache.kafka.common.TopicPartition(logsTopic, p);
                long records = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).partitionResult(tp).get().offset();
                // a quarter each on average; whole batches go to one partition at a time, so not exactly
                assertThat(records).as("records of the one source in partition %d", p).isBetween(events / 10L, events / 2L);
            }
        }
    }

    @Test
    void aShipperJoiningAGroupThroughABacklogGetsWorkAndLittleIsReadTwice() throws Exception {
        // large enough that the first shipper (~10 000 events/s into the local Elasticsearch) is still
        // working through it when the second has joined, however fast the machine
        int backlog = 150_000;
        Path config = config();
        try (Admin admin = backlog(backlog); ShipperThread first = ShipperThread.start(config, "first")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> EsQueries.count(Stack.elasticsearchUrl(), stream) > 3000);
            long joined = System.nanoTime();
            try (ShipperThread second = ShipperThread.start(config, "second")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> second.read() > 0);
                long joinSeconds = Duration.ofNanos(System.nanoTime() - joined).toSeconds();
                await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> EsQueries.count(Stack.elasticsearchUrl(), stream) == backlog && GroupLag.of(admin, group, logsTopic) == 0);
                EsQueries.assertEverySeqExactlyOnce(Stack.elasticsearchUrl(), stream, backlog);
                long readTwice = (long) (first.read() + second.read()) - backlog;
                System.out.printf("join: second shipper reading after %d s; read by the first %.0f, by the second %.0f, read twice %d%n",
                        joinSeconds, first.read(), second.read(), readTwice);
                assertThat(second.read()).as("the second shipper got partitions with records left").isPositive();
                assertThat(readTwice).as("records read again because of the join").isLessThan(1000);
            }
        }
    }

    @Test
    void aShipperKilledWithSigkillStallsItsPartitionsForSecondsOnly() throws Exception {
        Path config = config();
        AtomicInteger acked = new AtomicInteger();
        SteadyLoad load = new SteadyLoad(i -> event(i).ack(Acknowledgement.onComplete(acked::incrementAndGet)), 200);
        Process first = null;
        Process second = null;
        try (Admin admin = createTopics(); Pipeline agent = agent()) {
            first = ShipperProcess.launch(config, tmp.resolve("first.log"));
            second = ShipperProcess.launch(config, tmp.resolve("second.log"));
            load.resume(agent.publisher()::publish);
            // both members have partitions and deliver
            Process a = first;
            Process b = second;
            await().atMost(Duration.ofSeconds(60)).until(() -> EsQueries.count(Stack.elasticsearchUrl(), stream) > 1000
                    && Files.readString(tmp.resolve("first.log")).contains("assigned [wharf-logs")
                    && Files.readString(tmp.resolve("second.log")).contains("assigned [wharf-logs") && a.isAlive() && b.isAlive());

            first.destroyForcibly().waitFor();
            long killed = System.nanoTime();
            int publishedAtKill = load.published();
            // every event published up to the kill is in Elasticsearch soon after: the dead member's
            // partitions moved to the survivor within the session timeout
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> seqsBelow(publishedAtKill) == publishedAtKill);
            long stallSeconds = Duration.ofNanos(System.nanoTime() - killed).toSeconds();
            System.out.printf("kill -9: every event published before the kill in Elasticsearch %d s after it%n", stallSeconds);

            load.stop();
            int total = load.published();
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() == total);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> EsQueries.count(Stack.elasticsearchUrl(), stream) == total);
            EsQueries.assertEverySeqExactlyOnce(Stack.elasticsearchUrl(), stream, total);
        } finally {
            load.close();
            if (second != null) {
                second.destroy();
                second.waitFor();
            }
            if (first != null) {
                first.destroyForcibly();
            }
        }
    }

    private long seqsBelow(int n) {
        return EsQueries.search(Stack.elasticsearchUrl(), stream,
                "{\"size\":0,\"track_total_hits\":true,\"query\":{\"range\":{\"seq\":{\"lt\":" + n + "}}}}")
                .path("hits").path("total").path("value").asLong();
    }
}
