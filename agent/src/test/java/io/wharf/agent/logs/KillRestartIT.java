package io.wharf.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.agent.AgentProcessMain;
import io.wharf.testkit.TestContainers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a separate JVM ({@code java -cp <test classpath> io.wharf.agent.AgentProcessMain}),
 * killed with SIGKILL twice while containers write and rotate their logs, and restarted from its
 * registry: no line is missing, and a line delivered twice carries the same event id both times
 * (Elasticsearch keeps one copy of it).
 */
class KillRestartIT {
    @TempDir
    Path tmp;
    final TestContainers containers = new TestContainers();
    Process agent;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.destroyForcibly();
        }
        containers.close();
    }

    private Process startAgent(AgentHarness harness, int run) throws Exception {
        return AgentProcessMain.launch(harness.configFile, tmp.resolve("agent-" + run + ".log"), "agent run " + run);
    }

    private void kill9(Process p) throws Exception {
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no final registry save
        assertThat(p.waitFor()).isEqualTo(137);
    }

    @Test
    void killedTwiceAndRestartedLosesNothingAndResendsWithTheSameIds() throws Exception {
        AgentHarness harness = new AgentHarness(tmp, containers.runId(), "");
        // About 300 lines a second, 210 KB in all: Docker rotates twice (max-size=100k) but deletes
        // nothing (max-file=3) during the ~10 s a restart takes on a busy 2-core machine. Lines in a
        // file Docker deletes while the agent is down are gone for any reader (see docs/logs.md).
        int lines = 3000;
        agent = startAgent(harness, 1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ids.add(containers.spec("kill" + i, LogCollectionIT.numbered(lines, 60_000)).logOpt("max-size", "100k").logOpt("max-file", "3").start());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> harness.events().size() > 600);
        kill9(agent);
        int afterFirst = harness.events().size();
        agent = startAgent(harness, 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> harness.events().size() > afterFirst + 600);
        kill9(agent);
        agent = startAgent(harness, 3);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                List<JsonNode> events = harness.events();
                return ids.stream().allMatch(id -> distinctNumbers(AgentHarness.of(events, id)).size() == lines);
            });
        } finally {
            for (String id : ids) {
                TreeSet<Integer> got = distinctNumbers(AgentHarness.of(harness.events(), id));
                List<Integer> missing = new ArrayList<>();
                for (int n = 1; n <= lines && missing.size() < 20; n++) {
                    if (!got.contains(n)) {
                        missing.add(n);
                    }
                }
                System.out.println("container " + id + ": " + got.size() + " distinct, first missing " + missing);
            }
            for (int run = 1; run <= 3; run++) {
                Path log = tmp.resolve("agent-" + run + ".log");
                if (Files.exists(log)) {
                    Files.readAllLines(log).stream().filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("following"))
                            .forEach(l -> System.out.println("agent " + log.getFileName() + ": " + l));
                }
            }
        }

        List<JsonNode> events = harness.events();
        for (String id : ids) {
            List<JsonNode> mine = AgentHarness.of(events, id);
            assertThat(distinctNumbers(mine)).as("every number of %s", id).hasSize(lines).first().isEqualTo(1);
            // After Elasticsearch's _id dedup: one document per id, one id per number.
            Map<String, Integer> numberById = new HashMap<>();
            Map<Integer, Set<String>> idsByNumber = new HashMap<>();
            for (JsonNode e : mine) {
                int n = Integer.parseInt(e.path("message").asText().trim());
                String eventId = AgentHarness.eventId(e);
                Integer before = numberById.put(eventId, n);
                assertThat(before == null || before == n).as("id %s names one line", eventId).isTrue();
                idsByNumber.computeIfAbsent(n, k -> new TreeSet<>()).add(eventId);
            }
            assertThat(numberById).hasSize(lines);
            assertThat(idsByNumber.values()).allSatisfy(s -> assertThat(s).hasSize(1));
        }
    }

    private static TreeSet<Integer> distinctNumbers(List<JsonNode> events) {
        TreeSet<Integer> set = new TreeSet<>();
        for (JsonNode e : events) {
            set.add(Integer.parseInt(e.path("message").asText().trim()));
        }
        return set;
    }
}
