package io.wharf.shipper;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.shipper.sink.kafka.KafkaSinkConfig;

/**
 * Root of {@code shipper.yml}: where to read ({@code kafka:}, the same keys as the agent's
 * {@code outputs.kafka}), the consumer group, and the {@code outputs:} to write to.
 */
public record ShipperConfig(KafkaSinkConfig kafka, String groupId, Integer maxPollRecords, OutputsConfig outputs)
        implements Validated {

    public ShipperConfig {
        kafka = kafka == null ? KafkaSinkConfig.of("127.0.0.1:9092", null, null) : kafka;
        groupId = groupId == null ? "wharf-shipper" : groupId;
        maxPollRecords = maxPollRecords == null ? 2000 : maxPollRecords;
    }

    @Override
    public void validate(Validation v) {
        v.nested("kafka", kafka);
        v.check(!groupId.isBlank(), "group_id", "must not be empty");
        v.check(maxPollRecords > 0, "max_poll_records", "must be positive");
        v.check(outputs != null && !outputs.isEmpty(), "outputs", "must configure at least one output");
        v.check(outputs == null || outputs.kafka() == null, "outputs.kafka", "a shipper reads Kafka; writing back to it would loop");
        v.nested("outputs", outputs);
    }
}
