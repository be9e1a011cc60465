package io.wharf.agent.metrics.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files kept open between rounds: every read sees the current text, as cgroupfs regenerates it. */
class CgroupFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFileKeptOpenIsReadAnewEachTime() throws IOException {
        Path usage = dir.resolve("cpuacct.usage");
        Files.writeString(usage, "2500000000\n");
        try (CgroupFiles.OpenFile f = new CgroupFiles.OpenFile(usage)) {
            assertThat(CgroupFiles.readLong(f)).isEqualTo(2_500_000_000L);
            Files.writeString(usage, "900\n"); // shorter than before: nothing of the old text is left over
            assertThat(CgroupFiles.readLong(f)).isEqualTo(900);
        }
    }

    @Test
    void aMissingFileIsUnknownAndIsOpenedOnceItExists() throws IOException {
        Path stat = dir.resolve("memory.stat");
        try (CgroupFiles.OpenFile f = new CgroupFiles.OpenFile(stat)) {
            long[] out = new long[2];
            CgroupFiles.scan(f, CgroupFiles.keys("total_rss", "rss"), out);
            assertThat(out).containsExactly(CgroupStats.UNKNOWN, CgroupStats.UNKNOWN);
            Files.writeString(stat, "cache 4096\nrss 8192\n");
            CgroupFiles.scan(f, CgroupFiles.keys("total_rss", "rss"), out);
            assertThat(out).containsExactly(CgroupStats.UNKNOWN, 8192L);
        }
    }

    @Test
    void textWithoutAFinalNewlineIsReadToTheEnd() throws IOException {
        Path max = dir.resolve("pids.max");
        Files.writeString(max, "max");
        assertThat(CgroupFiles.readLong(max)).isEqualTo(CgroupStats.UNLIMITED);
        Path big = dir.resolve("memory.stat");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            text.append("key").append(i).append(' ').append(i).append('\n');
        }
        text.append("last 42"); // about 34 KB, the last line without a newline
        Files.writeString(big, text);
        long[] out = new long[1];
        CgroupFiles.scan(big, CgroupFiles.keys("last"), out);
        assertThat(out[0]).isEqualTo(42);
    }
}
