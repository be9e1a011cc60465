package io.wharf.agent.metrics.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v1 reader on a tree laid out like this host's (cpu and cpuacct apart), for the cases a
 * real container does not show here (throttle blkio fallback, hierarchical totals, no limit).
 * ContainerMetricsIT reads real containers' cgroups.
 */
class CgroupV1ReaderTest {
    @TempDir
    Path root;

    private void write(String controller, String file, String text) throws IOException {
        Path dir = root.resolve(controller).resolve("docker/abc");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), text);
    }

    private ContainerCgroup cgroup() {
        List<CgroupMount> mounts = CgroupMount.parseMountInfo(List.of(
                "32 31 0:29 / " + root.resolve("cpu") + " rw - cgroup cgroup rw,cpu",
                "33 31 0:30 / " + root.resolve("cpuacct") + " rw - cgroup cgroup rw,cpuacct",
                "35 31 0:32 / " + root.resolve("memory") + " rw - cgroup cgroup rw,memory",
                "36 31 0:33 / " + root.resolve("blkio") + " rw - cgroup cgroup rw,blkio",
                "37 31 0:34 / " + root.resolve("pids") + " rw - cgroup cgroup rw,pids"));
        return ContainerCgroup.resolve(List.of("8:pids:/docker/abc", "7:blkio:/docker/abc", "4:memory:/docker/abc",
                "2:cpuacct:/docker/abc", "1:cpu:/docker/abc"), mounts);
    }

    @Test
    void readsEveryControllerFromItsOwnHierarchy() throws IOException {
        write("cpuacct", "cpuacct.usage", "2500000000\n");
        write("cpuacct", "cpuacct.stat", "user 180\nsystem 70\n");
        write("cpu", "cpu.stat", "nr_periods 50\nnr_throttled 20\nthrottled_time 1500000000\nnr_bursts 0\nburst_time 0\n");
        write("cpu", "cpu.cfs_quota_us", "50000\n");
        write("cpu", "cpu.cfs_period_us", "100000\n");
        write("cpu", "cpu.shares", "1024\n");
        write("memory", "memory.usage_in_bytes", "52428800\n");
        write("memory", "memory.max_usage_in_bytes", "60000000\n");
        write("memory", "memory.limit_in_bytes", "9223372036854771712\n");
        write("memory", "memory.failcnt", "0\n");
        write("memory", "memory.stat", "cache 100\nrss 200\nmapped_file 0\ninactive_file 100\n"
                + "total_cache 41943040\ntotal_rss 8388608\ntotal_mapped_file 4096\ntotal_swap 0\ntotal_inactive_file 10485760\n");
        write("blkio", "blkio.throttle.io_service_bytes_recursive", "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:0 Async 12288\n"
                + "8:0 Discard 0\n8:0 Total 12288\nTotal 12288\n");
        write("blkio", "blkio.throttle.io_serviced_recursive", "8:0 Read 1\n8:0 Write 2\n8:0 Total 3\nTotal 3\n");
        write("blkio", "blkio.bfq.io_service_bytes_recursive", "Total 0\n");
        write("pids", "pids.current", "3\n");
        write("pids", "pids.max", "max\n");

        CgroupStats s = new CgroupV1Reader().read(cgroup());
        assertThat(s.cpu().usageNs()).isEqualTo(2_500_000_000L);
        assertThat(s.cpu().userNs()).isEqualTo(1_800_000_000L);
        assertThat(s.cpu().systemNs()).isEqualTo(700_000_000L);
        assertThat(s.cpu().throttledPeriods()).isEqualTo(20);
        assertThat(s.cpu().throttledNs()).isEqualTo(1_500_000_000L);
        assertThat(s.cpu().limitCores()).isEqualTo(0.5);
        assertThat(s.cpu().shares()).isEqualTo(1024);
        assertThat(s.memory().limit()).isEqualTo(CgroupStats.UNLIMITED);
        assertThat(s.memory().cache()).isEqualTo(41_943_040L);
        assertThat(s.memory().rss()).isEqualTo(8_388_608L);
        assertThat(s.memory().workingSet()).isEqualTo(52_428_800L - 10_485_760L);
        assertThat(s.memory().maxUsage()).isEqualTo(60_000_000L);
        // BFQ's file holds only the Total line: the throttle counters are the ones filled
        // every operation under Telegraf's field names (the operation in lower case), as docker's blkio_stats carry them
        assertThat(s.blockIo()).hasSize(1);
        CgroupStats.BlockDevice d = s.blockIo().get(0);
        assertThat(d.device()).isEqualTo("8:0");
        assertThat(d.readBytes()).isEqualTo(4096);
        assertThat(d.writeOps()).isEqualTo(2);
        assertThat(d.counters()).containsExactly(entry("io_service_bytes_recursive_read", 4096L),
                entry("io_service_bytes_recursive_write", 8192L), entry("io_service_bytes_recursive_sync", 0L),
                entry("io_service_bytes_recursive_async", 12288L), entry("io_service_bytes_recursive_discard", 0L),
                entry("io_service_bytes_recursive_total", 12288L), entry("io_serviced_recursive_read", 1L),
                entry("io_serviced_recursive_write", 2L), entry("io_serviced_recursive_total", 3L));
        assertThat(s.pids().current()).isEqualTo(3);

        // the per-second read: usage and working set fresh, the rest carried over
        write("cpuacct", "cpuacct.usage", "3500000000\n");
        write("memory", "memory.usage_in_bytes", "62914560\n");
        write("cpu", "cpu.stat", "nr_periods 60\nnr_throttled 25\nthrottled_time 1600000000\n");
        CgroupStats quick = new CgroupV1Reader().read(cgroup(), s, false);
        assertThat(quick.cpu().usageNs()).isEqualTo(3_500_000_000L);
        assertThat(quick.cpu().throttledPeriods()).isEqualTo(20);
        assertThat(quick.memory().usage()).isEqualTo(62_914_560L);
        assertThat(quick.memory().workingSet()).isEqualTo(62_914_560L - 10_485_760L);
        assertThat(quick.memory().maxUsage()).isEqualTo(62_914_560L);
        assertThat(quick.blockIo()).isEqualTo(s.blockIo());
    }

    /**
     * A kernel with CFQ (blkio.io_* files, as the kernel's blkio-controller documentation lays them
     * out): every file runc reads becomes Telegraf's fields, per device; cpuacct.usage_percpu the
     * per-CPU totals.
     */
    @Test
    void cfqCountersAndPerCpuUsage() throws IOException {
        write("cpuacct", "cpuacct.usage", "300\n");
        write("cpuacct", "cpuacct.usage_percpu", "100 200 0 0 \n");
        write("cpuacct", "cpuacct.stat", "user 0\nsystem 0\n");
        write("blkio", "blkio.io_service_bytes_recursive", "8:0 Read 100\n8:0 Write 200\n8:0 Sync 50\n8:0 Async 250\n8:0 Total 300\n"
                + "8:16 Read 7\n8:16 Write 0\n8:16 Sync 7\n8:16 Async 0\n8:16 Total 7\nTotal 307\n");
        write("blkio", "blkio.io_serviced_recursive", "8:0 Read 1\n8:0 Write 2\n8:0 Total 3\n8:16 Read 1\n8:16 Total 1\nTotal 4\n");
        write("blkio", "blkio.io_queued_recursive", "8:0 Read 0\n8:0 Write 1\nTotal 1\n");
        write("blkio", "blkio.io_service_time_recursive", "8:0 Read 1000\n8:0 Write 2000\nTotal 3000\n");
        write("blkio", "blkio.io_wait_time_recursive", "8:0 Read 10\n8:0 Write 20\nTotal 30\n");
        write("blkio", "blkio.io_merged_recursive", "8:0 Read 4\n8:0 Write 5\nTotal 9\n");
        write("blkio", "blkio.time_recursive", "8:0 1234\n");
        write("blkio", "blkio.sectors_recursive", "8:0 600\n");
        write("blkio", "blkio.throttle.io_service_bytes_recursive", "8:0 Read 1\nTotal 1\n");

        CgroupStats s = new CgroupV1Reader().read(cgroup());
        assertThat(s.cpu().perCpuNs()).containsExactly(100L, 200L, 0L, 0L);
        assertThat(s.blockIo()).extracting(CgroupStats.BlockDevice::device).containsExactly("8:0", "8:16");
        CgroupStats.BlockDevice sda = s.blockIo().get(0);
        assertThat(sda.counters()).containsEntry("io_service_bytes_recursive_sync", 50L).containsEntry("io_serviced_recursive_total", 3L)
                .containsEntry("io_queue_recursive_write", 1L).containsEntry("io_service_time_recursive_read", 1000L)
                .containsEntry("io_wait_time_write", 20L).containsEntry("io_merged_recursive_read", 4L)
                .containsEntry("io_time_recursive", 1234L).containsEntry("sectors_recursive", 600L);
        assertThat(sda.major()).isEqualTo(8);
        assertThat(s.blockIo().get(1).minor()).isEqualTo(16);
        assertThat(s.blockIo().get(1).readBytes()).isEqualTo(7);
    }
}
