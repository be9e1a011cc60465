package io.wharf.agent.metrics.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cgroup v2 cannot be produced by a container on the build hosts (their unified hierarchy has no
 * controllers), so these tests read folders laid out as Documentation/admin-guide/cgroup-v2.rst
 * describes the files, with values in the kernel's formats, at the systemd driver's path.
 */
class CgroupV2ReaderTest {
    static final String SCOPE = "system.slice/docker-4b1c9e2f0a7d.scope";

    @TempDir
    Path root;

    private ContainerCgroup layOut(Map<String, String> files) throws IOException {
        Path dir = root.resolve(SCOPE);
        Files.createDirectories(dir);
        for (var e : files.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        List<CgroupMount> mounts = CgroupMount.parseMountInfo(List.of(
                "26 23 0:23 / " + root + " rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate"));
        return ContainerCgroup.resolve(List.of("0::/" + SCOPE), mounts);
    }

    static Map<String, String> limitedContainer() {
        return Map.ofEntries(
                Map.entry("cpu.stat", "usage_usec 8123456\nuser_usec 6000000\nsystem_usec 2123456\ncore_sched.force_idle_usec 0\n"
                        + "nr_periods 1200\nnr_throttled 340\nthrottled_usec 4500000\nnr_bursts 0\nburst_usec 0\n"),
                Map.entry("cpu.max", "50000 100000\n"),
                Map.entry("cpu.weight", "100\n"),
                Map.entry("memory.current", "73400320\n"),
                Map.entry("memory.max", "268435456\n"),
                Map.entry("memory.peak", "80000000\n"),
                Map.entry("memory.swap.current", "4096\n"),
                Map.entry("memory.stat", "anon 41943040\nfile 31457280\nkernel 1048576\nkernel_stack 65536\nshmem 0\n"
                        + "file_mapped 2097152\nfile_dirty 0\nfile_writeback 0\ninactive_anon 0\nactive_anon 41943040\n"
                        + "inactive_file 20971520\nactive_file 10485760\nunevictable 0\npgfault 12345\npgmajfault 3\n"),
                Map.entry("memory.events", "low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n"),
                Map.entry("io.stat", "8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0\n"
                        + "253:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n"),
                Map.entry("pids.current", "7\n"),
                Map.entry("pids.max", "max\n"));
    }

    @Test
    void readsCpuCountersAndLimitsOfTheUnifiedHierarchy() throws IOException {
        CgroupStats s = new CgroupV2Reader().read(layOut(limitedContainer()));
        assertThat(s.version()).isEqualTo(2);
        CgroupStats.Cpu cpu = s.cpu();
        assertThat(cpu.usageNs()).isEqualTo(8_123_456_000L);
        assertThat(cpu.userNs()).isEqualTo(6_000_000_000L);
        assertThat(cpu.systemNs()).isEqualTo(2_123_456_000L);
        assertThat(cpu.periods()).isEqualTo(1200);
        assertThat(cpu.throttledPeriods()).isEqualTo(340);
        assertThat(cpu.throttledNs()).isEqualTo(4_500_000_000L);
        assertThat(cpu.quotaUs()).isEqualTo(50000);
        assertThat(cpu.periodUs()).isEqualTo(100000);
        assertThat(cpu.limitCores()).isEqualTo(0.5);
        assertThat(cpu.weight()).isEqualTo(100);
        assertThat(cpu.shares()).isEqualTo(CgroupStats.UNKNOWN);
    }

    @Test
    void readsMemoryWithWorkingSetAndEvents() throws IOException {
        CgroupStats.Memory m = new CgroupV2Reader().read(layOut(limitedContainer())).memory();
        assertThat(m.usage()).isEqualTo(73_400_320L);
        assertThat(m.workingSet()).isEqualTo(73_400_320L - 20_971_520L);
        assertThat(m.rss()).isEqualTo(41_943_040L);
        assertThat(m.cache()).isEqualTo(31_457_280L);
        assertThat(m.mappedFile()).isEqualTo(2_097_152L);
        assertThat(m.swap()).isEqualTo(4096);
        assertThat(m.limit()).isEqualTo(268_435_456L);
        assertThat(m.maxUsage()).isEqualTo(80_000_000L);
        assertThat(m.oom()).isEqualTo(2);
        assertThat(m.oomKill()).isEqualTo(1);
        assertThat(m.failcnt()).isEqualTo(CgroupStats.UNKNOWN);
        assertThat(m.stat()).containsEntry("pgmajfault", 3L).containsEntry("inactive_file", 20_971_520L);
        assertThat(m.usagePercent(0)).isCloseTo(100.0 * (73_400_320L - 20_971_520L) / 268_435_456L,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void readsBlockIoAndPids() throws IOException {
        CgroupStats s = new CgroupV2Reader().read(layOut(limitedContainer()));
        assertThat(s.blockIo()).containsExactly(
                new CgroupStats.BlockDevice("8:16", 1_459_200L, 314_773_504L, 192, 353),
                new CgroupStats.BlockDevice("253:0", 4096, 0, 1, 0));
        assertThat(s.pids().current()).isEqualTo(7);
        assertThat(s.pids().limit()).isEqualTo(CgroupStats.UNLIMITED);
    }

    @Test
    void unlimitedContainerAndWorkingSetFlooredAtZero() throws IOException {
        var files = new java.util.HashMap<>(limitedContainer());
        files.put("cpu.max", "max 100000\n");
        files.put("memory.max", "max\n");
        // inactive_file can exceed memory.current for a moment (it is read after): never a negative working set
        files.put("memory.current", "1000\n");
        files.put("memory.stat", "anon 0\nfile 4096\nfile_mapped 0\ninactive_file 4096\n");
        files.remove("memory.peak");
        files.remove("io.stat");
        CgroupStats s = new CgroupV2Reader().read(layOut(files));
        assertThat(s.cpu().quotaUs()).isEqualTo(CgroupStats.UNLIMITED);
        assertThat(s.cpu().limitCores()).isZero();
        assertThat(s.memory().limit()).isEqualTo(CgroupStats.UNLIMITED);
        assertThat(s.memory().workingSet()).isZero();
        assertThat(s.memory().maxUsage()).isEqualTo(CgroupStats.UNKNOWN);
        assertThat(s.memory().usagePercent(8192)).isZero();
        assertThat(s.blockIo()).isEmpty();
    }

    @Test
    void cgroupWithoutMemoryControllerHasNoMemory() throws IOException {
        CgroupStats s = new CgroupV2Reader().read(layOut(Map.of("cpu.stat", "usage_usec 10\nuser_usec 5\nsystem_usec 5\n")));
        assertThat(s.memory()).isNull();
        assertThat(s.cpu().usageNs()).isEqualTo(10_000);
        assertThat(s.cpu().periods()).isEqualTo(CgroupStats.UNKNOWN);
    }

    @Test
    void quickReadRefreshesUsageAndCarriesTheRestUntilTheNextFullRead() throws IOException {
        ContainerCgroup cg = layOut(limitedContainer());
        CgroupStats full = new CgroupV2Reader().read(cg);
        Path dir = cg.unified();
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 9000000\nuser_usec 7000000\nsystem_usec 2000000\n"
                + "nr_periods 1300\nnr_throttled 350\nthrottled_usec 4600000\n");
        Files.writeString(dir.resolve("memory.current"), "83886080\n");
        Files.writeString(dir.resolve("memory.stat"), "anon 52428800\nfile 31457280\nfile_mapped 2097152\ninactive_file 10485760\n");
        Files.writeString(dir.resolve("memory.max"), "536870912\n");

        CgroupStats quick = new CgroupV2Reader().read(cg, full, false);
        assertThat(quick.cpu().usageNs()).isEqualTo(9_000_000_000L);
        assertThat(quick.cpu().throttledPeriods()).isEqualTo(340); // carried until the next full read
        assertThat(quick.memory().usage()).isEqualTo(83_886_080L);
        assertThat(quick.memory().workingSet()).isEqualTo(83_886_080L - 10_485_760L);
        assertThat(quick.memory().rss()).isEqualTo(52_428_800L);
        assertThat(quick.memory().limit()).isEqualTo(268_435_456L); // carried
        assertThat(quick.blockIo()).isEqualTo(full.blockIo());

        CgroupStats next = new CgroupV2Reader().read(cg, quick, true);
        assertThat(next.cpu().throttledPeriods()).isEqualTo(350);
        assertThat(next.memory().limit()).isEqualTo(536_870_912L);
    }
}
