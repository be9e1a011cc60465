package io.wharf.agent.metrics;

import java.util.List;

/**
 * One sample of the host, from OSHI. CPU percentages are over the time since the previous sample
 * (NaN for the first); counters (disk and network) are cumulative since boot.
 */
public record HostSample(long timestampMillis, Cpu cpu, double load1, double load5, double load15, int nCpus,
                         Memory memory, long uptimeSeconds, List<FileSystem> fileSystems, List<DiskIo> disks,
                         List<NetInterface> network, int nContainers) {

    /** Percent of all CPU time (100 = every core busy), as Telegraf's cpu-total. */
    public record Cpu(double user, double system, double nice, double iowait, double irq, double softirq,
                      double steal, double idle) {
    }

    public record Memory(long total, long available, long swapTotal, long swapUsed) {
        public long used() {
            return total - available;
        }

        public double usedPercent() {
            return total > 0 ? 100.0 * used() / total : 0;
        }
    }

    public record FileSystem(String path, String device, String fsType, long total, long free, long used,
                             long inodesTotal, long inodesFree) {
        public double usedPercent() {
            // as df (and Telegraf): used / (used + available to unprivileged users)
            long avail = free;
            return used + avail > 0 ? 100.0 * used / (used + avail) : 0;
        }
    }

    public record DiskIo(String name, long reads, long writes, long readBytes, long writeBytes, long ioTimeMillis) {
    }

    public record NetInterface(String name, long bytesSent, long bytesRecv, long packetsSent, long packetsRecv,
                               long errIn, long errOut, long dropIn) {
    }
}
