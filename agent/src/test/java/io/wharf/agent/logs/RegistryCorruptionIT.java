package io.wharf.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.async.ResultCallback;
import io.wharf.agent.Agent;
import io.wharf.core.json.Json;
import io.wharf.testkit.TestContainers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A corrupted registry against real containers (issue 13, item 6): whatever the agent finds in
 * {@code registry.json} at start, it says what it does with each bad entry, never stops reading a
 * container because of it, and reads again rather than skip (a line read twice has the same
 * {@code _id}, so Elasticsearch keeps one copy; a line skipped is lost).
 */
class RegistryCorruptionIT {
    static final int BEFORE = 100;
    static final int TOTAL = 150;
    /** The registry reader (package-private) logs under its class name. */
    static final String REGISTRY_LOG = "io.wharf.agent.registry.RegistryFile";

    @TempDir
    Path tmp;
    TestContainers containers;
    final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

    @BeforeEach
    void setUp() {
        containers = new TestContainers();
        warnings.start();
        ((Logger) LoggerFactory.getLogger(REGISTRY_LOG)).addAppender(warnings);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(REGISTRY_LOG)).detachAppender(warnings);
        containers.close();
    }

    @Test
    void negativeAndPastTheEndOffsetsAreReadFromTheStartOfTheirFileAndSaid() throws Exception {
        AgentHarness harness = new AgentHarness(tmp, containers.runId(), "");
        String negative;
        String pastEnd;
        Map<String, Set<String>> firstIds;
        try (Agent agent = harness.start()) {
            negative = startCounter("negative");
            pastEnd = startCounter("pastend");
            await().atMost(Duration.ofSeconds(30)).until(() -> numbers(harness, negative).size() == BEFORE
                    && numbers(harness, pastEnd).size() == BEFORE);
            firstIds = Stream.of(negative, pastEnd).collect(Collectors.toMap(id -> id, id -> ids(harness, id)));
        }
        // Stopped with both files read to the end of line 100. Break their entries two ways.
        Path registry = harness.data.resolve("registry").resolve("registry.json");
        ObjectNode state = (ObjectNode) Json.MAPPER.readTree(registry.toFile());
        for (JsonNode entry : state.path("entries")) {
            String path = entry.path("path").asText();
            if (path.contains(negative)) {
                ((ObjectNode) entry).put("offset", -5);
            } else if (path.contains(pastEnd)) {
                ((ObjectNode) entry).put("offset", Files.size(Path.of(path)) + 5000);
            }
        }
        Json.MAPPER.writeValue(registry.toFile(), state);

        try (Agent agent = harness.start()) {
            go(negative);
            go(pastEnd);
            // Both containers are still followed to their last line: nothing stopped a reader...
            await().atMost(Duration.ofSeconds(30)).until(() -> numbers(harness, negative).size() == TOTAL
                    && numbers(harness, pastEnd).size() == TOTAL);
            for (String id : List.of(negative, pastEnd)) {
                assertThat(numbers(harness, id)).containsExactlyElementsOf(IntStream.rangeClosed(1, TOTAL).boxed().toList());
                // ... and the first 100 lines, read again from the start, carry the ids they had: no duplicate in Elasticsearch.
                assertThat(ids(harness, id)).containsAll(firstIds.get(id)).hasSize(TOTAL);
            }
            List<String> warned = warned();
            assertThat(warned).anySatisfy(w -> assertThat(w).contains("negative offset -5").contains(negative)
                    .contains("from the start"));
            assertThat(warned).anySatisfy(w -> assertThat(w).contains("is beyond the end of").contains(pastEnd));
        }
    }

    @Test
    void anEmptyObjectIsKeptAsideAndEveryLogIsReadAgainInsteadOfSkipped() throws Exception {
        AgentHarness harness = new AgentHarness(tmp, containers.runId(), "");
        String id;
        try (Agent agent = harness.start()) {
            id = startCounter("empty");
            await().atMost(Duration.ofSeconds(30)).until(() -> numbers(harness, id).size() == BEFORE);
        }
        Path registryDir = harness.data.resolve("registry");
        Files.writeString(registryDir.resolve("registry.json"), "{}");
        try (Agent agent = harness.start()) {
            go(id);
            await().atMost(Duration.ofSeconds(30)).until(() -> numbers(harness, id).size() == TOTAL);
            assertThat(events(harness, id)).as("lines 1..100 read a second time, then 101..150").hasSize(BEFORE + TOTAL);
        }
        try (Stream<Path> files = Files.list(registryDir)) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("registry.json.corrupt-")).findFirst().orElseThrow();
            assertThat(Files.readString(aside)).isEqualTo("{}");
            assertThat(warned()).singleElement().asString().contains("is unreadable", aside.toString());
        }
    }

    /** A container that prints 1..100, waits for {@link #go}, then prints 101..150 and stays up. */
    private String startCounter(String name) {
        return containers.spec(name, "seq 1 " + BEFORE + "; while [ ! -e /go ]; do usleep 20000; done; seq " + (BEFORE + 1) + " "
                + TOTAL + "; exec sleep 3600").start();
    }

    private void go(String id) throws InterruptedException {
        String exec = containers.docker().execCreateCmd(id).withCmd("sh", "-c", ": > /go").exec().getId();
        containers.docker().execStartCmd(exec).exec(new ResultCallback.Adapter<>()).awaitCompletion();
    }

    private List<String> warned() {
        return warnings.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static List<JsonNode> events(AgentHarness harness, String id) {
        return AgentHarness.of(harness.events(), id);
    }

    private static TreeSet<Integer> numbers(AgentHarness harness, String id) {
        return events(harness, id).stream().map(e -> Integer.valueOf(e.path("message").asText().trim()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> ids(AgentHarness harness, String id) {
        return events(harness, id).stream().map(AgentHarness::eventId).collect(Collectors.toSet());
    }
}
