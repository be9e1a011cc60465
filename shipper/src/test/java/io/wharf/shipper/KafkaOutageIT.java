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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent side (the Kafka sink) -> a Kafka broker of this test's own -> a {@code wharf shipper}
 * process -> the real Elasticsearch. Under a steady load the broker is stopped for real (SIGTERM,
 * process gone) for the two minutes, longer than every client timeout (the 60 s commit
 * timeout killed the shipper), and started again on the same data: the shipper must still be
 * running, say so in its log once, commit again by itself, and every event must be in
 * Elasticsearch exactly once.
 */
class KafkaOutageIT {
    private static final Duration OUTAGE = Duration.ofMinutes(2);
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String ns = "kout" + run;
    private final String stream = "logs-wharf.app-" + ns;
    private final String group = "wharf-shipper-" + run;

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() {
        EsQueries.deleteNamespace(Stack.elasticsearchUrl(), ns);
    }

    private static LogEvent event(int seq, AtomicInteger acked) {
        String container = "c" + (seq % 8);
        return LogEvent.ofMessage("line " + seq).id(LogEvent.idFor(container, seq)).dataset("app").routingKey(container)
                .put("@timestamp", "2026-11-21T10:00:00Z").put("seq", seq).ack(Acknowledgement.onComplete(acked::incrementAndGet));
    }

    private static int occurrences(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    @Test
    void aTwoMinuteBrokerOutageUnderLoadLeavesTheShipperRunningAndEveryEventInElasticsearchOnce() throws Exception {
        String logsTopic = "wharf-logs-" + run;
        String metricsTopic = "wharf-metrics-" + run;
        Path shipperLog = tmp.resolve("shipper.log");
        AtomicInteger acked = new AtomicInteger();
        SteadyLoad load = new SteadyLoad(i -> event(i, acked), 200);
        Process shipper = null;
        Pipeline agent = null;
        try (PrivateKafka kafka = PrivateKafka.start(Path.of("target", "private-kafka-" + run));
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(logsTopic, 4, (short) 1), new NewTopic(metricsTopic, 1, (short) 1))).all().get();
            Path config = tmp.resolve("shipper.yml");
            Files.writeString(config, """
                    kafka:
                      bootstrap_servers: ["%s"]
                      logs_topic: %s
                      metrics_topic: %s
                    group_id: %s
                    max_poll_records: 500
                    outputs:
                      elasticsearch:
                        hosts: ["%s"]
                        data_stream_namespace: %s
                        dead_letter: {type: index, index_prefix: wharf-deadletter-%s}
                        batch: {max_events: 500, flush_interval: 100ms}
                    """.formatted(kafka.bootstrap(), logsTopic, metricsTopic, group, Stack.elasticsearchUrl(), ns, ns));
            shipper = ShipperProcess.launch(config, shipperLog);
            agent = Sinks.pipeline(new OutputsConfig(null, null, KafkaSinkConfig.of(kafka.bootstrap(), logsTopic, metricsTopic), null, null),
                    new SelfMetrics());
            agent.start();
            load.resume(agent.publisher()::publish);
            await().atMost(Duration.ofSeconds(60)).until(() -> EsQueries.count(Stack.elasticsearchUrl(), stream) > 1000);

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            long outageStart = System.nanoTime();
            Process running = shipper;
            // the whole outage: the shipper stays up (the load goes on and fills the agent's queue)
            await().atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                assertThat(running.isAlive()).as("the shipper is running %d s into the outage; its log:%n%s",
                        Duration.ofNanos(System.nanoTime() - outageStart).toSeconds(), Files.readString(shipperLog)).isTrue();
                return System.nanoTime() - outageStart > OUTAGE.toNanos();
            });
            int publishedAtRestart = load.published();

            kafka.start();
            // delivery resumes by itself: events offered after the outage reach Elasticsearch
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> EsQueries.count(Stack.elasticsearchUrl(), stream) > publishedAtRestart);
            load.stop();
            int total = load.published();
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() == total);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> EsQueries.count(Stack.elasticsearchUrl(), stream) == total);
            EsQueries.assertEverySeqExactlyOnce(Stack.elasticsearchUrl(), stream, total);
            assertThat(EsQueries.count(Stack.elasticsearchUrl(), "wharf-deadletter-" + ns + "-*")).as("dead letters").isLessThanOrEqualTo(0);
            // commits resumed: the group's committed offsets reach the end of the topic
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> GroupLag.of(admin, group, logsTopic) == 0);
            assertThat(shipper.isAlive()).isTrue();

            String log = Files.readString(shipperLog);
            assertThat(occurrences(log, "shipper: cannot commit offsets to Kafka")).as("the outage is logged once:%n%s", log).isEqualTo(1);
            assertThat(occurrences(log, "shipper: offsets committed again after")).as("and its end once:%n%s", log).isEqualTo(1);
        } finally {
            load.close();
            if (agent != null) {
                agent.close();
            }
            if (shipper != null) {
                shipper.destroy();
                shipper.waitFor();
            }
        }
    }
}
