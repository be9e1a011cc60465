package io.wharf.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.agent.Agent;
import io.wharf.testkit.TestContainers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that is not DIRAC: the operator defines a grok parser in agent.yml and points a
 * container at it with the {@code wharf.parser} label; a real container's lines come out as
 * structured events, and a line the pattern does not match keeps its text with the failure tag.
 */
class GrokParserIT {
    @TempDir
    Path tmp;

    @Test
    void aContainerLabelledWithAGrokParserComesOutStructured() throws Exception {
        try (TestContainers containers = new TestContainers()) {
            AgentHarness harness = new AgentHarness(tmp, containers.runId(), """
                    grok:
                      webapp:
                        patterns: ['%{TIMESTAMP_ISO8601:@timestamp} %{LOGLEVEL:log.level} \\[%{DATA:process.thread.name}\\] %{GREEDYDATA:message}']
                        overwrite: [message]
                        pattern_definitions: {}
                    """);
            String script = "echo '2026-11-21T10:00:00.123Z WARN [worker-3] queue almost full: 980/1000'; "
                    + "echo 'a line in no known format'";
            try (Agent agent = harness.start()) {
                String id = containers.spec("grok", script).label("wharf.parser", "webapp").start();
                await().atMost(Duration.ofSeconds(30)).until(() -> AgentHarness.of(harness.events(), id).size() >= 2);
                List<JsonNode> events = AgentHarness.of(harness.events(), id);
                assertThat(events).hasSize(2);
                JsonNode parsed = events.get(0);
                assertThat(parsed.path("log").path("level").asText()).isEqualTo("WARN");
                assertThat(parsed.path("process").path("thread").path("name").asText()).isEqualTo("worker-3");
                assertThat(parsed.path("message").asText()).isEqualTo("queue almost full: 980/1000");
                assertThat(parsed.path("@timestamp").asText()).isEqualTo("2026-11-21T10:00:00.123Z");
                assertThat(parsed.path("tags").toString()).doesNotContain("_grokparsefailure");
                JsonNode failed = events.get(1);
                assertThat(failed.path("message").asText()).isEqualTo("a line in no known format");
                assertThat(failed.path("tags").toString()).contains("_grokparsefailure");
            }
        }
    }
}
