package io.wharf.agent.metrics.cgroup;

import java.util.List;
import java.util.Map;

/**
 * One reading of a container's cgroup, the same shape for v1 and v2. Counters are cumulative
 * since the cgroup was created; {@link #UNKNOWN} (-1) marks a value this cgroup version or
 * kernel does not provide, and {@link #UNLIMITED} (-2) a limit that is not set.
 */
public record CgroupStats(int version, Cpu cpu, Memory memory, List<BlockDevice> blockIo, Pids pids) {
    public static final long UNKNOWN = -1;
    public static final long UNLIMITED = -2;

    /**
     * @param usageNs     total CPU time (cpuacct.usage; v2 usage_usec * 1000)
     * @param userNs      user CPU time (cpuacct.stat user ticks, v2 user_usec)
     * @param systemNs    system CPU time
     * @param quotaUs     CFS quota per period, or UNLIMITED
     * @param periodUs    CFS period
     * @param shares      v1 cpu.shares, or UNKNOWN on v2
     * @param weight      v2 cpu.weight, or UNKNOWN on v1
     * @param perCpuNs    v1 cpuacct.usage_percpu, one total per CPU the kernel can have (empty on v2,
     *                    which has no per-CPU counters, and between full reads)
     */
    public record Cpu(long usageNs, long userNs, long systemNs, long periods, long throttledPeriods,
                      long throttledNs, long quotaUs, long periodUs, long shares, long weight, List<Long> perCpuNs) {
        public Cpu {
            perCpuNs = perCpuNs == null ? List.of() : List.copyOf(perCpuNs);
        }

        public Cpu(long usageNs, long userNs, long systemNs, long periods, long throttledPeriods,
                   long throttledNs, long quotaUs, long periodUs, long shares, long weight) {
            this(usageNs, userNs, systemNs, periods, throttledPeriods, throttledNs, quotaUs, periodUs, shares, weight, List.of());
        }

        /** The CPU limit in cores (quota / period), or 0 when unlimited. */
        public double limitCores() {
            return quotaUs > 0 && periodUs > 0 ? (double) quotaUs / periodUs : 0;
        }
    }

    /**
     * @param usage       bytes charged (memory.usage_in_bytes; v2 memory.current)
     * @param workingSet  usage minus inactive file pages, floored at 0 (what cAdvisor, kubelet and
     *                    docker stats call used memory)
     * @param rss         anonymous memory (v1 total_rss, v2 anon)
     * @param cache       page cache (v1 total_cache, v2 file)
     * @param mappedFile  v1 total_mapped_file, v2 file_mapped
     * @param swap        v1 total_swap, v2 memory.swap.current
     * @param limit       memory.limit_in_bytes / memory.max, or UNLIMITED
     * @param failcnt     v1 memory.failcnt, UNKNOWN on v2
     * @param oom         v2 memory.events oom, UNKNOWN on v1
     * @param oomKill     v2 memory.events oom_kill (v1: memory.oom_control oom_kill when the kernel has it)
     * @param stat        memory.stat as the kernel writes it
     */
    public record Memory(long usage, long maxUsage, long workingSet, long rss, long cache, long mappedFile,
                         long swap, long limit, long failcnt, long oom, long oomKill, long inactiveFile,
                         Map<String, Long> stat) {
        /** Working set in percent of the limit (docker stats' and Telegraf's usage_percent), or -1 without a limit. */
        public double usagePercent(long hostMemory) {
            long l = limit > 0 ? limit : hostMemory;
            return l > 0 ? 100.0 * workingSet / l : -1;
        }
    }

    /**
     * Per block device, {@code major:minor}.
     *
     * @param counters every counter the kernel gives for the device, under Telegraf's field names
     *                 ({@code io_service_bytes_recursive_read}, {@code io_serviced_recursive_total},
     *                 {@code io_queue_recursive_sync}, {@code io_time_recursive}, ...), as Docker's
     *                 blkio_stats carry them: on cgroup v1 every blkio file of the scheduler in use and
     *                 every operation (Read, Write, Sync, Async, Discard, Total); on v2 the four of io.stat
     */
    public record BlockDevice(String device, long readBytes, long writeBytes, long readOps, long writeOps,
                              Map<String, Long> counters) {
        public BlockDevice {
            counters = counters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
        }

        /** The four counters every cgroup version has, and nothing more. */
        public BlockDevice(String device, long readBytes, long writeBytes, long readOps, long writeOps) {
            this(device, readBytes, writeBytes, readOps, writeOps, basic(readBytes, writeBytes, readOps, writeOps));
        }

        /** Major and minor numbers ({@code 8:0} -> 8, 0), or -1 when the device is not {@code major:minor}. */
        public int major() {
            int colon = device.indexOf(':');
            return colon > 0 ? parse(device.substring(0, colon)) : -1;
        }

        public int minor() {
            int colon = device.indexOf(':');
            return colon > 0 ? parse(device.substring(colon + 1)) : -1;
        }

        private static int parse(String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static Map<String, Long> basic(long readBytes, long writeBytes, long readOps, long writeOps) {
            Map<String, Long> m = new java.util.LinkedHashMap<>();
            m.put("io_service_bytes_recursive_read", readBytes);
            m.put("io_service_bytes_recursive_write", writeBytes);
            m.put("io_serviced_recursive_read", readOps);
            m.put("io_serviced_recursive_write", writeOps);
            return m;
        }
    }

    public record Pids(long current, long limit) {
    }
}
