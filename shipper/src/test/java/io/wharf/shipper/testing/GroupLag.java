package io.wharf.shipper.testing;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What {@code kafka-consumer-groups --describe} shows as LAG, summed over a topic's partitions. */
public final class GroupLag {
    private GroupLag() {
    }

    /** Records of {@code topic} not yet committed by {@code group}: 0 once it has read, delivered and committed everything. */
    public static long of(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
        long lag = 0;
        for (var p : partitions) {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
            OffsetAndMetadata c = committed.get(tp);
            lag += end - (c == null ? 0 : c.offset());
        }
        return lag;
    }
}
