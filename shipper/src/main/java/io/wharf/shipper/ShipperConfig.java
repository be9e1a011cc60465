package io.wharf.shipper;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.shipper.sink.kafka.KafkaSinkConfig;

/**
 * Root of {@code shipper.yml}: where to read ({@code kafka:}, the same keys as the agent's
 * {@code outputs.kafka}), the consumer group, and the {@code outputs:} to write to.
 * {@code instance_id} makes the shipper a static member of its group (Kafka's
 * {@code group.instance.id}): a restart within the session timeout moves no partition. It must be
 * unique in the group (the host name, when one shipper runs per host). {@code max_in_flight_records}
 * bounds the records read but not yet delivered: what a rebalance or a crash makes another
 * member read again.
 */
public record ShipperConfig(KafkaSinkConfig kafka, String groupId, String instanceId, Integer maxPollRecords,
                            Integer maxInFlightRecords, OutputsConfig outputs) implements Validated {

    public ShipperConfig {
        kafka = kafka == null ? KafkaSinkConfig.of("127.0.0.1:9092", null, null) : kafka;
        groupId = groupId == null ? "wharf-shipper" : groupId;
        maxPollRecords = maxPollRecords == null ? 2000 : maxPollRecords;
        maxInFlightRecords = maxInFlightRecords == null ? 4 * maxPollRecords : maxInFlightRecords;
    }

    @Override
    public void validate(Validation v) {
        v.nested("kafka", kafka);
        v.check(!groupId.isBlank(), "group_id", "must not be empty");
        v.check(instanceId == null || !instanceId.isBlank(), "instance_id", "must not be empty when set");
        v.check(maxPollRecords > 0, "max_poll_records", "must be positive");
        v.check(maxInFlightRecords >= maxPollRecords, "max_in_flight_records", "must be at least max_poll_records");
        v.check(outputs != null && !outputs.isEmpty(), "outputs", "must configure at least one output");
        v.check(outputs == null || outputs.kafka() == null, "outputs.kafka", "a shipper reads Kafka; writing back to it would loop");
        v.nested("outputs", outputs);
    }
}
