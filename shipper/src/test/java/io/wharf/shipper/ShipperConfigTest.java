package io.wharf.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class ShipperConfigTest {

    @Test
    void aShipperWithDefaultsReadsTheDefaultTopics() {
        ShipperConfig c = ConfigLoader.parse("shipper.yml", """
                outputs:
                  elasticsearch:
                    hosts: ["http://es:9200"]
                    password: ${ES_PASSWORD}
                    username: wharf
                """, ShipperConfig.class, name -> "s3cret");
        assertThat(c.groupId()).isEqualTo("wharf-shipper");
        assertThat(c.kafka().logsTopic()).isEqualTo("wharf-logs");
        assertThat(c.outputs().elasticsearch().password().reveal()).isEqualTo("s3cret");
        assertThat(ConfigLoader.show(c)).doesNotContain("s3cret");
    }

    @Test
    void writingBackToKafkaAndABadNamespaceAreRefusedWithFileLineAndKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("shipper.yml", """
                outputs:
                  kafka: {}
                  elasticsearch:
                    data_stream_namespace: Bad-Name
                """, ShipperConfig.class, name -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("outputs.kafka")
                .hasMessageContaining("outputs.elasticsearch.data_stream_namespace")
                .hasMessageContaining("shipper.yml:");
    }
}
