package io.wharf.agent.metrics;

import io.wharf.agent.metrics.cgroup.CgroupStats;
import java.util.List;

/**
 * One sample of one container: its cgroup reading, its network interfaces, and the CPU usage in
 * percent of one core since the previous sample (NaN for the first).
 *
 * @param nanoTime        {@link System#nanoTime()} when read, for rates
 * @param hostCpuNanos    the host's total CPU time from /proc/stat, in ns (docker stats' system_cpu_usage)
 */
public record ContainerSample(long timestampMillis, long nanoTime, CgroupStats cgroup, List<NetDev.Interface> network,
                              double cpuPercent, long hostCpuNanos) {

    /** CPU in percent of one core between {@code earlier} and this sample; NaN if it cannot be told. */
    public double cpuPercentSince(ContainerSample earlier) {
        if (earlier == null || earlier == this || cgroup.cpu() == null || earlier.cgroup.cpu() == null) {
            return Double.NaN;
        }
        long dt = nanoTime - earlier.nanoTime;
        long du = cgroup.cpu().usageNs() - earlier.cgroup.cpu().usageNs();
        if (dt <= 0 || du < 0 || cgroup.cpu().usageNs() < 0 || earlier.cgroup.cpu().usageNs() < 0) {
            return Double.NaN;
        }
        return 100.0 * du / dt;
    }
}
