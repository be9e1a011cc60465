package io.wharf.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
    /** A source as the readers name it: {@link FileIdentity#id()} (device, inode, head fingerprint). */
    private static final String SRC = new FileIdentity(2049, 1234567, "0a1b2c3db", 11).id();

    @TempDir
    Path dir;

    @Test
    void committedPositionsSurviveAReopenAndNeverMoveBack() throws Exception {
        Path log = Files.createDirectories(dir.resolve("c1")).resolve("c1-json.log");
        try (Registry r = Registry.open(dir.resolve("reg"), Duration.ofHours(1))) {
            assertThat(r.previousRunLastSeen()).isEmpty();
            r.commit(SRC, log, 100);
            r.commit(SRC, log, 50);
            r.read(SRC, 400);
            assertThat(r.resumeOffset(SRC)).contains(400L);
        }
        assertThat(dir.resolve("reg/registry.json.tmp")).doesNotExist();
        try (Registry r = Registry.open(dir.resolve("reg"), Duration.ofHours(1))) {
            assertThat(r.committed(SRC)).contains(100L);
            assertThat(r.resumeOffset(SRC)).as("read positions are not persisted").contains(100L);
            assertThat(r.previousRunLastSeen()).isPresent();
            assertThat(r.hasSourcesUnder(dir.resolve("c1"))).isTrue();
        }
    }

    @Test
    void sourcesOfRemovedContainersAreForgotten() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("gone"));
        try (Registry r = Registry.open(dir.resolve("reg"), Duration.ofHours(1))) {
            r.commit(SRC, folder.resolve("x.log"), 10);
        }
        Files.delete(folder);
        try (Registry r = Registry.open(dir.resolve("reg"), Duration.ofHours(1))) {
            assertThat(r.size()).isZero();
        }
    }

    @Test
    void aClaimedSourceCannotBeTakenTwice() throws Exception {
        try (Registry r = Registry.open(dir.resolve("reg"), Duration.ofHours(1))) {
            assertThat(r.claim("a")).isTrue();
            assertThat(r.claim("a")).isFalse();
            r.release("a");
            assertThat(r.claim("a")).isTrue();
        }
    }

    @Test
    void identityIsDeviceInodeAndHeadSoAReusedInodeIsAnotherFile() throws Exception {
        Path f = dir.resolve("a.log");
        Files.writeString(f, "partial head");
        assertThat(FileIdentity.ofPath(f)).as("no complete first line yet").isNull();
        Files.writeString(f, "first line\nsecond\n");
        FileIdentity a = FileIdentity.ofPath(f);
        Files.writeString(f, "first line\nsecond\nthird\n");
        assertThat(FileIdentity.ofPath(f)).as("growing does not change identity").isEqualTo(a);
        Files.move(f, dir.resolve("a.log.1"));
        assertThat(FileIdentity.ofPath(dir.resolve("a.log.1"))).as("renaming does not change identity").isEqualTo(a);
        Files.writeString(dir.resolve("a.log.1"), "other first line\n");
        assertThat(FileIdentity.ofPath(dir.resolve("a.log.1")).id()).isNotEqualTo(a.id());
    }
}
