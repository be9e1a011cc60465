package io.wharf.shipper;

import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.ack.OffsetTracker;
import io.wharf.core.config.ConfigLoader;
import io.wharf.core.event.Event;
import io.wharf.core.event.LogEvent;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.metrics.ComponentMetrics;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.sink.kafka.KafkaEnvelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code wharf shipper}: a Kafka consumer group member that writes what the agents produced to
 * the configured outputs. Each record's offset is tracked per partition by an
 * {@link OffsetTracker}; a partition's offset is committed only once every record before it is
 * acknowledged by every sink. A crash (even {@code kill -9}) therefore re-reads at most the
 * unacknowledged tail, and the Elasticsearch {@code _id} scheme makes those resends 409s: no loss,
 * no duplicate. More instances in the same group share the partitions.
 */
public final class Shipper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
    /** How long one commit may hold the poll loop; a commit that does not finish is tried again on the next round. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    /** How long a member giving partitions away waits for what it read of them to be delivered, so the next owner re-reads little. */
    private static final Duration REVOKE_DRAIN = Duration.ofSeconds(10);

    private final ShipperConfig config;
    private final SelfMetrics metrics;
    private final Pipeline pipeline;
    private final ComponentMetrics sourceMetrics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, OffsetTracker> trackers = new ConcurrentHashMap<>();
    private final OffsetCommits commits = new OffsetCommits(COMMIT_TIMEOUT);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    public Shipper(ShipperConfig config, SelfMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.pipeline = Sinks.pipeline(config.outputs(), metrics);
        this.sourceMetrics = metrics.component("source.kafka");
        Properties p = config.kafka().clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(config.maxPollRecords()));
        // A sink outage pauses the loop (backpressure); do not let the group evict us for that alone.
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "900000");
        // A join or a departure moves only the partitions that change owner; the others go on.
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // A member that dies (kill -9) is noticed in 10 s, not the default 45 s.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        if (config.instanceId() != null) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
        }
        p.putAll(config.kafka().properties());
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** Runs until {@link #close()}; call from a dedicated thread. */
    public void run() throws Exception {
        pipeline.start();
        consumer.subscribe(List.of(config.kafka().logsTopic(), config.kafka().metricsTopic()), new Rebalance());
        LOG.info("shipper: group {} reading {} and {}", config.groupId(), config.kafka().logsTopic(), config.kafka().metricsTopic());
        try {
            while (running) {
                holdBackWhenTooMuchInFlight();
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> r : records) {
                    publish(r);
                }
                commits.commit(consumer);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            pipeline.close(10_000);
            try {
                if (!commits.commit(consumer)) {
                    LOG.warn("shipper: final commit failed; the next owner of these partitions re-reads what was delivered since the last commit");
                }
            } catch (RuntimeException e) {
                LOG.warn("shipper: final commit failed: {}", e.toString());
            }
            // what is still unacknowledged will not be delivered by this process: nothing to wait for on leaving
            trackers.clear();
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    /**
     * Stops fetching (but goes on polling: heartbeats, rebalances) while more than
     * {@code max_in_flight_records} are read but not delivered: reading further ahead than the
     * outputs deliver only grows what a rebalance or a crash makes another member read again.
     */
    private void holdBackWhenTooMuchInFlight() {
        int inFlight = 0;
        for (OffsetTracker t : trackers.values()) {
            inFlight += t.inFlight();
        }
        if (inFlight >= config.maxInFlightRecords()) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    /** Waits up to {@link #REVOKE_DRAIN} until every record read from {@code partitions} is delivered. */
    private void drain(Collection<TopicPartition> partitions) {
        long deadline = System.nanoTime() + REVOKE_DRAIN.toNanos();
        for (TopicPartition tp : partitions) {
            OffsetTracker t = trackers.get(tp);
            while (t != null && t.inFlight() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void publish(ConsumerRecord<String, byte[]> r) throws InterruptedException {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        OffsetTracker tracker = trackers.computeIfAbsent(tp, k -> tracker(k, r.offset()));
        Acknowledgement ack = tracker.track(r.offset() + 1);
        Event event;
        try {
            event = KafkaEnvelope.decode(r.value());
        } catch (RuntimeException e) {
            sourceMetrics.dropped("undecodable").inc();
            LOG.error("shipper: skipping record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            ack.release();
            return;
        }
        sourceMetrics.in().inc();
        if (event instanceof LogEvent log) {
            log.ack(ack);
        } else {
            ((MetricPoint) event).ack(ack);
        }
        pipeline.publisher().publish(event);
    }

    private OffsetTracker tracker(TopicPartition tp, long start) {
        OffsetTracker[] self = new OffsetTracker[1];
        self[0] = new OffsetTracker(start, delivered -> {
            // a tracker of a partition that was revoked (and maybe assigned to us again since) is
            // no longer the one that counts: its late acknowledgements must not commit for the new one
            if (trackers.get(tp) == self[0]) {
                commits.delivered(tp, delivered);
            }
        });
        return self[0];
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return; // cooperative rebalancing: nothing of ours moves
            }
            // Let what was read of them be delivered, then commit it: the new owner starts there.
            // What is still in flight after the wait is read again and lands as 409s (no duplicate).
            drain(partitions);
            commits.commit(consumer);
            LOG.info("shipper: revoked {}", partitions);
            partitions.forEach(trackers::remove);
            commits.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("shipper: assigned {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(trackers::remove);
            commits.forget(partitions);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a shipper in this process until SIGTERM: {@code java ... io.wharf.shipper.Shipper shipper.yml}. */
    public static void main(String[] args) throws Exception {
        ShipperConfig cfg = ConfigLoader.load(Path.of(args[0]), ShipperConfig.class);
        Shipper shipper = new Shipper(cfg, new SelfMetrics());
        Runtime.getRuntime().addShutdownHook(new Thread(shipper::close, "shutdown"));
        shipper.run();
    }
}
