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
 * cgroup v2: every controller's files in the one unified folder. File names and formats from the
 * kernel's Documentation/admin-guide/cgroup-v2.rst.
 */
public final class CgroupV2Reader implements CgroupReader {
    static final CgroupV2Reader INSTANCE = new CgroupV2Reader();

    private static final byte[][] MEMORY_STAT = CgroupFiles.keys("inactive_file", "anon", "file", "file_mapped");
    private static final byte[][] USAGE = CgroupFiles.keys("usage_usec");

    @Override
    public CgroupStats readFull(ContainerCgroup cgroup) throws IOException {
        Path dir = cgroup.unified();
        return new CgroupStats(2, cpu(dir), memory(dir), blockIo(dir),
                new CgroupStats.Pids(readLong(dir.resolve("pids.current")), readLong(dir.resolve("pids.max"))));
    }

    @Override
    public QuickFiles quickFiles(ContainerCgroup cgroup) {
        Path dir = cgroup.unified();
        return new QuickFiles(dir.resolve("cpu.stat"), dir.resolve("memory.current"), dir.resolve("memory.stat"));
    }

    /** CPU usage and memory usage; throttling, limits and the rest carried over. */
    @Override
    public CgroupStats readQuick(QuickFiles files, CgroupStats previous) throws IOException {
        CgroupStats.Cpu p = previous.cpu();
        long[] u = new long[1];
        CgroupFiles.scan(files.cpu, USAGE, u);
        CgroupStats.Cpu cpu = new CgroupStats.Cpu(micros(u[0]), p.userNs(), p.systemNs(), p.periods(), p.throttledPeriods(),
                p.throttledNs(), p.quotaUs(), p.periodUs(), p.shares(), p.weight());
        CgroupStats.Memory memory = previous.memory();
        if (memory != null) {
            long usage = readLong(files.memoryUsage);
            long[] v = new long[MEMORY_STAT.length];
            CgroupFiles.scan(files.memoryStat, MEMORY_STAT, v);
            memory = new CgroupStats.Memory(usage, memory.maxUsage(), Math.max(0, usage - Math.max(0, v[0])), v[1], v[2], v[3],
                    memory.swap(), memory.limit(), memory.failcnt(), memory.oom(), memory.oomKill(), v[0], memory.stat());
        }
        return new CgroupStats(2, cpu, memory, previous.blockIo(), previous.pids());
    }


    private static CgroupStats.Cpu cpu(Path dir) throws IOException {
        Map<String, Long> stat = readKeyValues(dir.resolve("cpu.stat"));
        long quota = CgroupStats.UNLIMITED;
        long period = CgroupStats.UNKNOWN;
        String max = CgroupFiles.readString(dir.resolve("cpu.max"));
        if (max != null) {
            // "$MAX $PERIOD", MAX being "max" when unlimited
            String[] parts = max.trim().split("\\s+");
            if (!parts[0].equals("max")) {
                quota = Long.parseLong(parts[0]);
            }
            if (parts.length > 1) {
                period = Long.parseLong(parts[1]);
            }
        }
        return new CgroupStats.Cpu(micros(get(stat, "usage_usec")), micros(get(stat, "user_usec")),
                micros(get(stat, "system_usec")), get(stat, "nr_periods"), get(stat, "nr_throttled"),
                micros(get(stat, "throttled_usec")), quota, period, CgroupStats.UNKNOWN,
                readLong(dir.resolve("cpu.weight")));
    }

    private static long micros(long us) {
        return us < 0 ? us : us * 1000;
    }

    private static CgroupStats.Memory memory(Path dir) throws IOException {
        long usage = readLong(dir.resolve("memory.current"));
        if (usage == CgroupStats.UNKNOWN) {
            return null; // memory controller not enabled for this cgroup
        }
        Map<String, Long> stat = readKeyValues(dir.resolve("memory.stat"));
        Map<String, Long> events = readKeyValues(dir.resolve("memory.events"));
        long inactiveFile = get(stat, "inactive_file");
        long workingSet = Math.max(0, usage - Math.max(0, inactiveFile));
        Path peak = dir.resolve("memory.peak"); // kernel 5.19+
        return new CgroupStats.Memory(usage, peak.toFile().exists() ? readLong(peak) : CgroupStats.UNKNOWN, workingSet, get(stat, "anon"),
                get(stat, "file"), get(stat, "file_mapped"), readLong(dir.resolve("memory.swap.current")),
                readLong(dir.resolve("memory.max")), CgroupStats.UNKNOWN, get(events, "oom"), get(events, "oom_kill"),
                inactiveFile, new LinkedHashMap<>(stat));
    }

    /** io.stat lines: "8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0". */
    private static List<CgroupStats.BlockDevice> blockIo(Path dir) throws IOException {
        List<CgroupStats.BlockDevice> out = new ArrayList<>();
        for (String line : CgroupFiles.readLines(dir.resolve("io.stat"))) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2) {
                continue;
            }
            Map<String, Long> kv = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq > 0) {
                    kv.put(parts[i].substring(0, eq), Long.parseLong(parts[i].substring(eq + 1)));
                }
            }
            // Docker's stats on v2 carry these four only (read and write of bytes and ios), so Telegraf's fields too
            out.add(new CgroupStats.BlockDevice(parts[0], kv.getOrDefault("rbytes", 0L), kv.getOrDefault("wbytes", 0L),
                    kv.getOrDefault("rios", 0L), kv.getOrDefault("wios", 0L)));
        }
        return out;
    }
}
