package io.wharf.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.agent.Agent;
import io.wharf.testkit.TestContainers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container churn against the real engine (issue 13, item 1): {@code docker run --rm}
 * containers that print and exit at once. Docker deletes a {@code --rm} container's folder, log
 * included, as soon as it exits, so the agent must have opened the log before that; and its
 * metadata (name, labels) must come from somewhere else than an inspect that answers 404.
 */
class ShortLivedContainersIT {
    /** The churn: containers started this far apart, each printing 100 numbered lines and exiting. */
    static final int CHURN = Integer.getInteger("wharf.it.churn.containers", 50);
    static final int LINES = 100;
    static final long APART_MILLIS = 500;

    @TempDir
    Path tmp;
    TestContainers containers;
    AgentHarness harness;

    @BeforeEach
    void setUp() throws Exception {
        containers = new TestContainers();
        harness = new AgentHarness(tmp, containers.runId(), "");
    }

    @AfterEach
    void tearDown() {
        containers.close();
    }

    @Test
    void everyLineOfEveryRemovedContainerOnceWithItsName() throws Exception {
        // What each container must deliver, by the name a user would search for.
        Map<String, List<String>> expected = new LinkedHashMap<>();
        try (Agent agent = harness.start()) {
            long next = System.nanoTime();
            for (int i = 0; i < CHURN; i++) {
                String name = containers.name("churn" + i);
                containers.spec("churn" + i, "seq 1 " + LINES).autoRemove().start();
                expected.put(name, LogCollectionIT.range(LINES).stream().map(String::valueOf).toList());
                if (i % 2 == 0) {
                    // Lives for milliseconds: two lines, exit, removed.
                    String blink = containers.name("blink" + i);
                    containers.spec("blink" + i, "echo a; echo b").autoRemove().start();
                    expected.put(blink, List.of("a", "b"));
                }
                // The load's shape (one start every 0.5 s, as in the issue), not a wait for a condition.
                next += TimeUnit.MILLISECONDS.toNanos(APART_MILLIS);
                long pause = next - System.nanoTime();
                if (pause > 0) {
                    TimeUnit.NANOSECONDS.sleep(pause);
                }
            }
            int total = expected.values().stream().mapToInt(List::size).sum();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> harness.events().size() >= total);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // reported below, container by container
            }
            Map<String, List<String>> got = byName(harness.events());
            List<String> none = new ArrayList<>();
            List<String> partial = new ArrayList<>();
            for (Map.Entry<String, List<String>> want : expected.entrySet()) {
                List<String> mine = got.getOrDefault(want.getKey(), List.of());
                if (mine.isEmpty()) {
                    none.add(want.getKey());
                } else if (!mine.equals(want.getValue())) {
                    partial.add(want.getKey() + " (" + mine.size() + " of " + want.getValue().size() + ")");
                }
            }
            System.out.printf("CHURN %d containers (%d --rm churn, %d short), %d of %d lines; no document: %d %s; incomplete: %d %s; "
                            + "documents without a known container name: %d%n",
                    expected.size(), CHURN, expected.size() - CHURN, harness.events().size(), total, none.size(), none,
                    partial.size(), partial, got.getOrDefault("", List.of()).size());

            for (Map.Entry<String, List<String>> want : expected.entrySet()) {
                assertThat(got.getOrDefault(want.getKey(), List.of())).as("the lines of %s, each once and in order", want.getKey())
                        .isEqualTo(want.getValue());
            }
            assertThat(harness.events()).hasSize(total);
        }
    }

    /** The messages of each container, in file order, by {@code container.name}. */
    static Map<String, List<String>> byName(List<JsonNode> events) {
        return events.stream().collect(Collectors.groupingBy(e -> e.path("container").path("name").asText(), TreeMap::new,
                Collectors.mapping(e -> e.path("message").asText(), Collectors.toList())));
    }
}
