package io.wharf.agent.metrics.cgroup;

import static io.wharf.agent.metrics.cgroup.CgroupFiles.get;
import static io.wharf.agent.metrics.cgroup.CgroupFiles.readKeyValues;
import static io.wharf.agent.metrics.cgroup.CgroupFiles.readLong;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * cgroup v1: each controller in its own folder (cpu, cpuacct, memory, blkio, pids), as
 * {@link ContainerCgroup} found them. File names from the kernel's cgroup-v1 documentation.
 */
public final class CgroupV1Reader implements CgroupReader {
    static final CgroupV1Reader INSTANCE = new CgroupV1Reader();
    /** cpuacct.stat counts in USER_HZ, which is 100 on every Linux ABI Docker runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    /** memory.limit_in_bytes without a limit is PAGE_COUNTER_MAX pages: anything this large means none. */
    private static final long NO_LIMIT_ABOVE = 1L << 62;
    /** In runc's order (CFQ, BFQ, then throttle); the first whose io_service_bytes_recursive has per-device lines is used. */
    private static final String[] BLKIO_PREFIXES = {"blkio.", "blkio.bfq.", "blkio.throttle."};
    /**
     * The other files runc reads with that prefix (throttle has only the second), and the field
     * Telegraf names each after (docker's blkio_stats key: io_queue_recursive, io_wait_time, ...).
     */
    private static final String[][] BLKIO_FILES = {
        {"io_serviced_recursive", "io_serviced_recursive"},
        {"io_queued_recursive", "io_queue_recursive"},
        {"io_service_time_recursive", "io_service_time_recursive"},
        {"io_wait_time_recursive", "io_wait_time"},
        {"io_merged_recursive", "io_merged_recursive"},
        {"time_recursive", "io_time_recursive"},
        {"sectors_recursive", "sectors_recursive"},
    };

    private static final byte[][] CPUACCT_STAT = CgroupFiles.keys("user", "system");
    private static final byte[][] CPU_STAT = CgroupFiles.keys("nr_periods", "nr_throttled", "throttled_time");
    private static final byte[][] MEMORY_STAT = CgroupFiles.keys("total_inactive_file", "inactive_file", "total_rss", "rss",
            "total_cache", "cache", "total_mapped_file", "mapped_file", "total_swap", "swap");

    @Override
    public CgroupStats readFull(ContainerCgroup cgroup) throws IOException {
        return new CgroupStats(1, cpu(cgroup), memory(cgroup.controller("memory")), blockIo(cgroup.controller("blkio")),
                pids(cgroup.controller("pids")));
    }

    @Override
    public QuickFiles quickFiles(ContainerCgroup cgroup) {
        Path acct = cgroup.controller("cpuacct");
        Path memory = cgroup.controller("memory");
        return new QuickFiles(acct == null ? null : acct.resolve("cpuacct.usage"),
                memory == null ? null : memory.resolve("memory.usage_in_bytes"), memory == null ? null : memory.resolve("memory.stat"));
    }

    /**
     * cpuacct.usage (the per-second CPU percent), memory usage and memory.stat (working set); the
     * user/system split, throttling, limits, block I/O and pids are carried over to the next full read.
     */
    @Override
    public CgroupStats readQuick(QuickFiles files, CgroupStats previous) throws IOException {
        CgroupStats.Cpu p = previous.cpu();
        long usage = files.cpu == null ? CgroupStats.UNKNOWN : readLong(files.cpu);
        CgroupStats.Cpu cpu = new CgroupStats.Cpu(usage, p.userNs(), p.systemNs(), p.periods(), p.throttledPeriods(),
                p.throttledNs(), p.quotaUs(), p.periodUs(), p.shares(), p.weight());
        CgroupStats.Memory memory = previous.memory();
        if (memory != null && files.memoryUsage != null) {
            long used = readLong(files.memoryUsage);
            long[] v = new long[MEMORY_STAT.length];
            CgroupFiles.scan(files.memoryStat, MEMORY_STAT, v);
            // total_* include the cgroup's descendants, as docker stats reports them
            long inactiveFile = v[0] >= 0 ? v[0] : v[1];
            memory = new CgroupStats.Memory(used, Math.max(memory.maxUsage(), used), Math.max(0, used - Math.max(0, inactiveFile)),
                    v[2] >= 0 ? v[2] : v[3], v[4] >= 0 ? v[4] : v[5], v[6] >= 0 ? v[6] : v[7], v[8] >= 0 ? v[8] : v[9],
                    memory.limit(), memory.failcnt(), memory.oom(), memory.oomKill(), inactiveFile, memory.stat());
        }
        return new CgroupStats(1, cpu, memory, previous.blockIo(), previous.pids());
    }

    private static CgroupStats.Cpu cpu(ContainerCgroup cgroup) throws IOException {
        Path acct = cgroup.controller("cpuacct");
        Path cpu = cgroup.controller("cpu");
        long usage = acct == null ? CgroupStats.UNKNOWN : readLong(acct.resolve("cpuacct.usage"));
        long[] v = new long[3];
        long user = CgroupStats.UNKNOWN;
        long system = CgroupStats.UNKNOWN;
        if (acct != null) {
            CgroupFiles.scan(acct.resolve("cpuacct.stat"), CPUACCT_STAT, v);
            user = ticks(v[0]);
            system = ticks(v[1]);
        }
        long periods = CgroupStats.UNKNOWN;
        long throttled = CgroupStats.UNKNOWN;
        long throttledNs = CgroupStats.UNKNOWN;
        long quota = CgroupStats.UNLIMITED;
        long period = CgroupStats.UNKNOWN;
        long shares = CgroupStats.UNKNOWN;
        if (cpu != null) {
            CgroupFiles.scan(cpu.resolve("cpu.stat"), CPU_STAT, v);
            periods = v[0];
            throttled = v[1];
            throttledNs = v[2];
            long q = readLong(cpu.resolve("cpu.cfs_quota_us"));
            quota = q > 0 ? q : CgroupStats.UNLIMITED;
            period = readLong(cpu.resolve("cpu.cfs_period_us"));
            shares = readLong(cpu.resolve("cpu.shares"));
        }
        List<Long> perCpu = new ArrayList<>();
        if (acct != null) {
            String percpu = CgroupFiles.readString(acct.resolve("cpuacct.usage_percpu"));
            if (percpu != null) {
                for (String n : percpu.trim().split("\\s+")) {
                    if (!n.isEmpty()) {
                        perCpu.add(Long.parseLong(n));
                    }
                }
            }
        }
        return new CgroupStats.Cpu(usage, user, system, periods, throttled, throttledNs, quota, period, shares, CgroupStats.UNKNOWN,
                perCpu);
    }

    private static long ticks(long t) {
        return t < 0 ? t : t * NANOS_PER_TICK;
    }

    private static CgroupStats.Memory memory(Path dir) throws IOException {
        if (dir == null) {
            return null;
        }
        long usage = readLong(dir.resolve("memory.usage_in_bytes"));
        long maxUsage = readLong(dir.resolve("memory.max_usage_in_bytes"));
        long limit = readLong(dir.resolve("memory.limit_in_bytes"));
        if (limit >= NO_LIMIT_ABOVE) {
            limit = CgroupStats.UNLIMITED;
        }
        long failcnt = readLong(dir.resolve("memory.failcnt"));
        Map<String, Long> stat = readKeyValues(dir.resolve("memory.stat"));
        // total_* include the cgroup's descendants, as docker stats reports them
        long inactiveFile = pick(stat, "total_inactive_file", "inactive_file");
        long workingSet = Math.max(0, usage - Math.max(0, inactiveFile));
        long oomKill = get(readKeyValues(dir.resolve("memory.oom_control")), "oom_kill");
        return new CgroupStats.Memory(usage, maxUsage, workingSet, pick(stat, "total_rss", "rss"),
                pick(stat, "total_cache", "cache"), pick(stat, "total_mapped_file", "mapped_file"),
                pick(stat, "total_swap", "swap"), limit, failcnt, CgroupStats.UNKNOWN, oomKill, inactiveFile,
                new LinkedHashMap<>(stat));
    }

    private static long pick(Map<String, Long> stat, String hierarchical, String local) {
        Long v = stat.get(hierarchical);
        return v != null ? v : get(stat, local);
    }

    private static List<CgroupStats.BlockDevice> blockIo(Path dir) throws IOException {
        if (dir == null) {
            return List.of();
        }
        for (String prefix : BLKIO_PREFIXES) {
            Path bytesFile = dir.resolve(prefix + "io_service_bytes_recursive");
            if (!bytesFile.toFile().exists()) {
                continue; // e.g. no CFQ on this kernel: cheaper to ask than to catch
            }
            Map<String, Map<String, Long>> byDevice = new LinkedHashMap<>();
            add(byDevice, CgroupFiles.readLines(bytesFile), "io_service_bytes_recursive");
            if (byDevice.isEmpty()) {
                continue; // only a "Total 0" line: this scheduler saw no I/O, the next file may have
            }
            for (String[] file : BLKIO_FILES) {
                Path p = dir.resolve(prefix + file[0]);
                if (p.toFile().exists()) {
                    add(byDevice, CgroupFiles.readLines(p), file[1]);
                }
            }
            List<CgroupStats.BlockDevice> out = new ArrayList<>();
            byDevice.forEach((dev, v) -> out.add(new CgroupStats.BlockDevice(dev, v.getOrDefault("io_service_bytes_recursive_read", 0L),
                    v.getOrDefault("io_service_bytes_recursive_write", 0L), v.getOrDefault("io_serviced_recursive_read", 0L),
                    v.getOrDefault("io_serviced_recursive_write", 0L), v)));
            return out;
        }
        return List.of();
    }

    /**
     * Lines "8:0 Read 4096" become field {@code <field>_read} of device 8:0 (the operation in lower
     * case, as Telegraf names it); lines "8:0 4096" (time_recursive, sectors_recursive) field
     * {@code <field>}; the closing "Total N" line has no device and is left out.
     */
    private static void add(Map<String, Map<String, Long>> byDevice, List<String> lines, String field) {
        for (String line : lines) {
            String[] parts = line.trim().split(" ");
            if (parts.length < 2 || parts[0].indexOf(':') < 0) {
                continue;
            }
            String name = parts.length == 3 ? field + "_" + parts[1].toLowerCase(java.util.Locale.ROOT) : field;
            try {
                byDevice.computeIfAbsent(parts[0], d -> new LinkedHashMap<>())
                        .merge(name, Long.parseLong(parts[parts.length - 1]), Long::sum);
            } catch (NumberFormatException e) {
                // not a counter line
            }
        }
    }

    private static CgroupStats.Pids pids(Path dir) throws IOException {
        if (dir == null) {
            return null;
        }
        return new CgroupStats.Pids(readLong(dir.resolve("pids.current")), readLong(dir.resolve("pids.max")));
    }
}
