package io.wharf.shipper.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.core.event.LogEvent;
import io.wharf.core.event.MetricPoint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaEnvelopeTest {

    @Test
    void aLogEventKeepsItsIdDatasetRoutingKeyAndNestedFields() {
        LogEvent e = LogEvent.ofMessage("hi").id("abc-1z").dataset("dirac").routingKey("c0ffee")
                .put("container.name", "web").put("event.duration", 12L).put("tags", List.of("t"));
        LogEvent back = (LogEvent) KafkaEnvelope.decode(KafkaEnvelope.encode(e));
        assertThat(back.id()).isEqualTo("abc-1z");
        assertThat(back.dataset()).isEqualTo("dirac");
        assertThat(back.routingKey()).isEqualTo("c0ffee");
        assertThat(back.fields()).isEqualTo(Map.of("message", "hi", "container", Map.of("name", "web"),
                "event", Map.of("duration", 12), "tags", List.of("t")));
    }

    @Test
    void aMetricPointKeepsIntegerVersusFloatAndItsNanosecondTimestamp() {
        MetricPoint p = MetricPoint.builder("docker_container_cpu").tag("container_name", "web")
                .field("usage_total", 5L).field("usage_percent", 1.0).field("up", true).field("state", "running")
                .timestampNanos(1_700_000_000_123_456_789L).build();
        MetricPoint back = (MetricPoint) KafkaEnvelope.decode(KafkaEnvelope.encode(p));
        assertThat(back.measurement()).isEqualTo("docker_container_cpu");
        assertThat(back.tags()).isEqualTo(p.tags());
        assertThat(back.fields()).isEqualTo(p.fields());
        assertThat(back.fields().get("usage_total")).isInstanceOf(Long.class);
        assertThat(back.fields().get("usage_percent")).isInstanceOf(Double.class);
        assertThat(back.timestampNanos()).isEqualTo(1_700_000_000_123_456_789L);
    }

    @Test
    void garbageIsRefusedWithAReason() {
        assertThatThrownBy(() -> KafkaEnvelope.decode("nope".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a wharf envelope");
        assertThatThrownBy(() -> KafkaEnvelope.decode("{\"v\":9}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unsupported envelope version 9");
    }
}
