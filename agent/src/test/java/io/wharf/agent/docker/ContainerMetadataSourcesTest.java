package io.wharf.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metadata of containers that inspect can no longer answer for: event attributes, and Docker's own size units. */
class ContainerMetadataSourcesTest {
    @Test
    void aDieEventsAttributesGiveNameImageAndLabelsButNotDockersOwnKeys() {
        // The Actor.Attributes of a real `die` event of `docker run --rm -l x.y=z -l com.docker.compose.service=web ...` (Docker 20.10).
        Map<String, String> attributes = Map.of("exitCode", "0", "image", "local/busybox:1", "name", "compassionate_jackson",
                "x.y", "z", "com.docker.compose.service", "web", "com.docker.compose.project", "shop");
        ContainerInfo c = ContainerInspector.fromEventAttributes("bbb1cfb70a7a", attributes);
        assertThat(c.name()).isEqualTo("compassionate_jackson");
        assertThat(c.image()).isEqualTo("local/busybox:1");
        assertThat(c.labels()).containsOnlyKeys("x.y", "com.docker.compose.service", "com.docker.compose.project");
        assertThat(c.serviceName()).isEqualTo("web");
        assertThat(c.orchestrator()).containsEntry("orchestrator.type", "compose");
        assertThat(c.running()).isFalse();
    }

    @Test
    void withoutAttributesTheIdStandsForTheName() {
        assertThat(ContainerInspector.fromEventAttributes("bbb1cfb70a7a", null).name()).isEqualTo("bbb1cfb70a7a");
    }

    @Test
    void maxSizeIsReadWithDockersDecimalUnits() {
        // json-file reads max-size with go-units FromHumanSize: 10k rotates at 10 000 bytes (a real 10k file: 10 016).
        assertThat(ContainerConfigFile.dockerSize("10k")).isEqualTo(10_000);
        assertThat(ContainerConfigFile.dockerSize("1m")).isEqualTo(1_000_000);
        assertThat(ContainerConfigFile.dockerSize("100KB")).isEqualTo(100_000);
        assertThat(ContainerConfigFile.dockerSize("2.5g")).isEqualTo(2_500_000_000L);
        assertThat(ContainerConfigFile.dockerSize("512")).isEqualTo(512);
        assertThat(ContainerConfigFile.dockerSize("lots")).isEqualTo(-1);
    }
}
