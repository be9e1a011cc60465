package io.wharf.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A corrupted registry, entry by entry: each bad entry is corrected or ignored, and the agent says which (WARN). */
class RegistryValidationTest {
    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Path regDir;
    private Path logFile;
    private String identity;

    @BeforeEach
    void setUp() throws Exception {
        ((Logger) LoggerFactory.getLogger(RegistryFile.class)).addAppender(log);
        log.start();
        regDir = Files.createDirectories(dir.resolve("reg"));
        logFile = Files.createDirectories(dir.resolve("c1")).resolve("c1-json.log");
        Files.writeString(logFile, "first line\nsecond line\n"); // 23 bytes
        identity = FileIdentity.ofPath(logFile).id();
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(RegistryFile.class)).detachAppender(log);
    }

    private Registry openWith(String json) throws Exception {
        Files.writeString(regDir.resolve("registry.json"), json);
        return Registry.open(regDir, Duration.ofHours(1));
    }

    private String entries(String... entries) {
        return "{\"version\":1,\"savedAt\":\"2026-12-01T10:00:00Z\",\"entries\":[" + String.join(",", entries) + "]}";
    }

    private String entry(String source, String offset) {
        return "{\"source\":\"" + source + "\",\"path\":\"" + logFile + "\",\"offset\":" + offset + ",\"updatedMillis\":1}";
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel().toString().equals("WARN")).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private List<Path> setAside() throws Exception {
        try (Stream<Path> files = Files.list(regDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("registry.json.corrupt-")).toList();
        }
    }

    @Test
    void aGoodEntryIsTakenAsItIsWithoutAWord() throws Exception {
        try (Registry r = openWith(entries(entry(identity, "12")))) {
            assertThat(r.committed(identity)).contains(12L);
            assertThat(r.previousRunLastSeen()).isPresent();
        }
        assertThat(warnings()).isEmpty();
    }

    @Test
    void anEmptyObjectIsNotTakenForAnEmptyRegistryItIsKeptAsideAndSaid() throws Exception {
        try (Registry r = openWith("{}")) {
            assertThat(r.size()).isZero();
        }
        assertThat(setAside()).hasSize(1);
        assertThat(Files.readString(setAside().get(0))).isEqualTo("{}");
        assertThat(warnings()).singleElement().asString().contains("is unreadable", "kept as " + setAside().get(0),
                "every log is read again from its start");
        try (Registry r = Registry.open(regDir, Duration.ofHours(1))) {
            assertThat(r.size()).as("the new registry is a good one").isZero();
        }
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void aFileThatIsNotJsonAtAllIsKeptAsideAndTheAgentStarts() throws Exception {
        try (Registry r = openWith("{broken")) {
            assertThat(r.size()).isZero();
        }
        assertThat(setAside()).singleElement().satisfies(p -> assertThat(Files.readString(p)).isEqualTo("{broken"));
        assertThat(warnings()).singleElement().asString().contains("not JSON");
    }

    @Test
    void anotherShapeOrVersionIsKeptAside() throws Exception {
        try (Registry r = openWith("[1,2,3]")) {
            assertThat(r.size()).isZero();
        }
        try (Registry r = openWith("{\"version\":7,\"entries\":[]}")) {
            assertThat(r.size()).isZero();
        }
        assertThat(warnings()).hasSize(2).allMatch(w -> w.contains("is unreadable"));
    }

    @Test
    void aNegativeOffsetIsReadFromTheStartAndSaid() throws Exception {
        try (Registry r = openWith(entries(entry(identity, "-5")))) {
            assertThat(r.resumeOffset(identity)).contains(0L);
        }
        assertThat(warnings()).singleElement().asString().contains("negative offset -5", "reading " + logFile + " from the start");
    }

    @Test
    void anOffsetBeyondTheEndOfTheSameFileMeansItWasTruncatedAndIsReadFromTheStart() throws Exception {
        try (Registry r = openWith(entries(entry(identity, "5000")))) {
            assertThat(r.resumeOffset(identity)).contains(0L);
        }
        assertThat(warnings()).singleElement().asString().contains("offset 5000 is beyond the end of " + logFile + " (23 bytes)",
                "truncated");
    }

    @Test
    void anOffsetAtTheEndIsFine() throws Exception {
        try (Registry r = openWith(entries(entry(identity, "23")))) {
            assertThat(r.resumeOffset(identity)).contains(23L);
        }
        assertThat(warnings()).isEmpty();
    }

    @Test
    void entriesWithoutASourceOrWithABadIdentityAreIgnoredAndSaid() throws Exception {
        try (Registry r = openWith(entries("{}", "42", entry("not an identity", "10"), entry(identity, "3")))) {
            assertThat(r.size()).isEqualTo(1);
            assertThat(r.committed(identity)).contains(3L);
        }
        List<String> w = warnings();
        assertThat(w).hasSize(3);
        assertThat(w.get(0)).contains("entry #0 {}", "has no source; ignored");
        assertThat(w.get(1)).contains("entry #1 42", "has no source; ignored");
        assertThat(w.get(2)).contains("'not an identity' is not a file identity; ignored");
    }

    @Test
    void anOffsetThatIsNotANumberIsReadFromTheStart() throws Exception {
        try (Registry r = openWith(entries(entry(identity, "\"ten\"")))) {
            assertThat(r.resumeOffset(identity)).contains(0L);
        }
        assertThat(warnings()).singleElement().asString().contains("offset is not a whole number");
    }

    @Test
    void aSourceListedTwiceKeepsTheLargerOffset() throws Exception {
        try (Registry r = openWith(entries(entry(identity, "20"), entry(identity, "7")))) {
            assertThat(r.committed(identity)).contains(20L);
        }
        assertThat(warnings()).singleElement().asString().contains("listed twice");
    }
}
