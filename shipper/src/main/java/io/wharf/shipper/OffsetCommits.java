package io.wharf.shipper;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets the shipper owes the group: per partition, the highest offset behind which every
 * record is delivered. Sink threads add to it; the poll thread commits it. A commit that fails
 * (brokers unreachable, a commit timeout, a rebalance under way) keeps the offsets to be
 * committed again on the next round, so an outage of any length only delays commits: delivery
 * goes on, and what is re-read after a crash during the outage lands as 409s in Elasticsearch.
 * The failure is logged once when it starts and once when commits succeed again.
 */
final class OffsetCommits {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommits.class);

    private final Map<TopicPartition, Long> owed = new ConcurrentHashMap<>();
    private final Duration timeout;
    private long failingSinceNanos = -1;
    private int failedCommits;

    /** @param timeout how long one commit may block the poll loop before it is tried again later */
    OffsetCommits(Duration timeout) {
        this.timeout = timeout;
    }

    /** Every record of {@code tp} before {@code offset} is delivered (called from sink threads). */
    void delivered(TopicPartition tp, long offset) {
        owed.merge(tp, offset, Math::max);
    }

    /** Partitions no longer ours: their offsets are the new owner's to commit. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(owed::remove);
    }

    boolean isEmpty() {
        return owed.isEmpty();
    }

    /** True while commits fail (the brokers are unreachable). */
    boolean failing() {
        return failingSinceNanos >= 0;
    }

    /**
     * Commits what is owed; on failure keeps it (unless a newer offset came in meanwhile) and
     * returns false. Never throws for a broker's or the group's trouble; a
     * {@link WakeupException} (close) and an interrupt go through, and so does a fenced static
     * member (another process took this {@code group.instance.id}: two shippers must not share one).
     */
    boolean commit(Consumer<?, ?> consumer) {
        if (owed.isEmpty()) {
            return true;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : List.copyOf(owed.keySet())) {
            Long offset = owed.remove(tp);
            if (offset != null) {
                offsets.put(tp, new OffsetAndMetadata(offset));
            }
        }
        if (offsets.isEmpty()) {
            return true;
        }
        try {
            consumer.commitSync(offsets, timeout);
        } catch (WakeupException | InterruptException | FencedInstanceIdException e) {
            keep(offsets);
            throw e;
        } catch (KafkaException e) {
            keep(offsets);
            failedCommits++;
            if (failingSinceNanos < 0) {
                failingSinceNanos = System.nanoTime();
                LOG.warn("shipper: cannot commit offsets to Kafka ({}); delivering on, and committing again every round until it succeeds",
                        e.toString());
            }
            return false;
        }
        if (failingSinceNanos >= 0) {
            LOG.info("shipper: offsets committed again after {} s and {} failed commits (Kafka was unreachable)",
                    Duration.ofNanos(System.nanoTime() - failingSinceNanos).toSeconds(), failedCommits);
            failingSinceNanos = -1;
            failedCommits = 0;
        }
        return true;
    }

    private void keep(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> delivered(tp, o.offset()));
    }
}
