package io.wharf.agent.metrics;

import io.wharf.agent.metrics.cgroup.CgroupFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * Samples the host: load and memory every round (OSHI); CPU percentages (/proc/stat), disk
 * (/proc/diskstats), network (/proc/1/net/dev) and file system (OSHI) figures on full rounds (every
 * flush interval); the lists of disks, interfaces and file systems
 * are enumerated again only every {@code rescanMillis} (enumeration reads udev, sysfs and the
 * mount table).
 */
public final class HostSampler {
    /** Pseudo and per-container file systems: not disks an operator watches. */
    private static final Set<String> SKIPPED_FS = Set.of("tmpfs", "devtmpfs", "overlay", "squashfs", "nsfs", "proc",
            "sysfs", "cgroup", "cgroup2", "autofs", "mqueue", "shm", "devpts", "fuse.lxcfs", "ramfs");

    private final HardwareAbstractionLayer hardware;
    private final OperatingSystem os;
    private final CentralProcessor processor;
    private final long rescanMillis;
    private long[] previousTicks;
    private long lastScan;
    private Set<String> diskNames = Set.of();
    private List<HostSample.FileSystem> fileSystems = List.of();
    private HostSample previous;
    private long hostCpuNanos = -1;
    private long busyCpuNanos = -1;
    private long memoryUsage = -1;
    private long memoryWorkingSet = -1;

    /**
     * The machine as cAdvisor's root cgroup ({@code id="/"}) shows it, for host-total panels.
     *
     * @param busyCpuNanos cumulative CPU time spent running anything (user, nice, system, irq,
     *                     softirq of /proc/stat), ns; -1 before the first full round
     * @param memoryUsage  MemTotal - MemFree (page cache included, as a cgroup's usage), bytes
     * @param workingSet   memoryUsage - Inactive(file), bytes
     */
    public record Machine(long busyCpuNanos, long memoryUsage, long workingSet) {
    }

    private final Path procRoot;
    /** Read every second instead of OSHI's GlobalMemory and load average (which parse them through lists of strings). */
    private final CgroupFiles.OpenFile meminfo;
    private final CgroupFiles.OpenFile loadavg;
    private static final byte[][] MEMINFO = CgroupFiles.keys("MemTotal:", "MemAvailable:", "SwapTotal:", "SwapFree:",
            "MemFree:", "Inactive(file):");
    private final long[] memValues = new long[MEMINFO.length];

    /** @param procRoot the host's /proc: disk and network counters are read from diskstats and 1/net/dev */
    public HostSampler(Path procRoot, long rescanMillis) {
        this.procRoot = procRoot;
        this.meminfo = new CgroupFiles.OpenFile(procRoot.resolve("meminfo"));
        this.loadavg = new CgroupFiles.OpenFile(procRoot.resolve("loadavg"));
        SystemInfo si = new SystemInfo();
        this.hardware = si.getHardware();
        this.os = si.getOperatingSystem();
        this.processor = hardware.getProcessor();
        this.rescanMillis = rescanMillis;
    }

    /**
     * @param full also refresh disks, file systems and interfaces (otherwise carried over from
     *             the previous sample): CPU, load and memory are the per-second values
     */
    public synchronized HostSample sample(int nContainers, boolean full) {
        long now = System.currentTimeMillis();
        boolean rescan = now - lastScan >= rescanMillis;
        if (!full && previous != null) {
            // CPU percentages stay those of the last full round: see procStatTicks
            HostSample.Cpu cpu = previous.cpu();
            double[] load = loadAverage();
            previous = new HostSample(now, cpu, load[0], load[1], load[2], previous.nCpus(), memory(),
                    previous.uptimeSeconds() + (now - previous.timestampMillis()) / 1000, previous.fileSystems(),
                    previous.disks(), previous.network(), nContainers);
            return previous;
        }
        if (rescan) {
            lastScan = now;
            diskNames = hardware.getDiskStores().stream().map(HWDiskStore::getName)
                    .map(n -> n.startsWith("/dev/") ? n.substring(5) : n).collect(java.util.stream.Collectors.toSet());
            fileSystems = fileSystems();
        }
        long[] ticks = procStatTicks();
        HostSample.Cpu cpu = ticks == null ? previous == null ? cpuPercent(null, null) : previous.cpu()
                : cpuPercent(previousTicks, ticks);
        if (ticks != null) {
            previousTicks = ticks;
            long total = 0;
            for (long t : ticks) {
                total += t;
            }
            hostCpuNanos = total * 10_000_000L; // USER_HZ = 100
            busyCpuNanos = (ticks[TickType.USER.getIndex()] + ticks[TickType.NICE.getIndex()] + ticks[TickType.SYSTEM.getIndex()]
                    + ticks[TickType.IRQ.getIndex()] + ticks[TickType.SOFTIRQ.getIndex()]) * 10_000_000L;
        }
        double[] load = loadAverage();
        // counters straight from /proc: OSHI's per-device refresh re-queries udev and sysfs and costs
        // milliseconds per device, more than sampling a hundred containers
        List<HostSample.DiskIo> diskIo = diskIo();
        List<HostSample.NetInterface> net = new ArrayList<>();
        try {
            for (NetDev.Interface n : NetDev.read(procRoot.resolve("1/net/dev"))) {
                // the host's end of each container's veth pair is counted per container instead
                if (!n.name().startsWith("veth")) {
                    net.add(new HostSample.NetInterface(n.name(), n.txBytes(), n.rxBytes(), n.txPackets(), n.rxPackets(),
                            n.rxErrors(), n.txErrors(), n.rxDropped()));
                }
            }
        } catch (IOException e) {
            // no network counters this round
        }
        previous = new HostSample(now, cpu, load[0], load[1], load[2], processor.getLogicalProcessorCount(),
                memory(),
                os.getSystemUptime(), fileSystems, diskIo, net, nContainers);
        return previous;
    }

    /**
     * The "cpu" line of /proc/stat, in OSHI's TickType order (user, nice, system, idle, iowait, irq,
     * softirq, steal). Read on full rounds only: on virtual machines the kernel can take tens of
     * milliseconds of CPU to produce /proc/stat after the CPUs were idle (it sums every interrupt
     * counter of every CPU), more than all the cgroup reads of a round together.
     */
    private long[] procStatTicks() {
        try {
            String text = CgroupFiles.readString(procRoot.resolve("stat"));
            if (text == null || !text.startsWith("cpu ")) {
                return null;
            }
            String[] f = text.substring(4, text.indexOf('\n')).trim().split("\\s+");
            long[] ticks = new long[TickType.values().length];
            int[] order = {TickType.USER.getIndex(), TickType.NICE.getIndex(), TickType.SYSTEM.getIndex(),
                TickType.IDLE.getIndex(), TickType.IOWAIT.getIndex(), TickType.IRQ.getIndex(), TickType.SOFTIRQ.getIndex(),
                TickType.STEAL.getIndex()};
            for (int i = 0; i < order.length && i < f.length; i++) {
                ticks[order[i]] = Long.parseLong(f[i]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** /proc/meminfo (kB), OSHI's reading if it cannot be read. */
    private HostSample.Memory memory() {
        try {
            CgroupFiles.scan(meminfo, MEMINFO, memValues);
            if (memValues[0] > 0 && memValues[4] >= 0) {
                memoryUsage = (memValues[0] - memValues[4]) * 1024;
                memoryWorkingSet = Math.max(0, memoryUsage - Math.max(0, memValues[5]) * 1024);
            }
            if (memValues[0] > 0 && memValues[1] >= 0) {
                long swapTotal = Math.max(0, memValues[2]) * 1024;
                return new HostSample.Memory(memValues[0] * 1024, memValues[1] * 1024, swapTotal,
                        Math.max(0, swapTotal - Math.max(0, memValues[3]) * 1024));
            }
        } catch (IOException | RuntimeException e) {
            // OSHI below
        }
        var mem = hardware.getMemory();
        return new HostSample.Memory(mem.getTotal(), mem.getAvailable(), mem.getVirtualMemory().getSwapTotal(),
                mem.getVirtualMemory().getSwapUsed());
    }

    /** The three load averages of /proc/loadavg ("0.52 0.58 0.59 1/1234 5678"), OSHI's if it cannot be read. */
    private double[] loadAverage() {
        try {
            String text = CgroupFiles.readString(loadavg);
            if (text != null) {
                double[] out = new double[3];
                int from = 0;
                for (int i = 0; i < 3; i++) {
                    int space = text.indexOf(' ', from);
                    out[i] = Double.parseDouble(text.substring(from, space));
                    from = space + 1;
                }
                return out;
            }
        } catch (IOException | RuntimeException e) {
            // OSHI below
        }
        return processor.getSystemLoadAverage(3);
    }

    /** Closes the files kept open. */
    public synchronized void close() {
        meminfo.close();
        loadavg.close();
    }

    /** The machine's root-cgroup view at the latest round. */
    public synchronized Machine machine() {
        return new Machine(busyCpuNanos, memoryUsage, memoryWorkingSet);
    }

    /** The host's total CPU time in ns at the last full round (docker stats' system_cpu_usage), or -1. */
    public synchronized long hostCpuNanos() {
        return hostCpuNanos;
    }

    /** /proc/diskstats (Documentation/admin-guide/iostats.rst), for the disks OSHI enumerated. */
    private List<HostSample.DiskIo> diskIo() {
        List<HostSample.DiskIo> out = new ArrayList<>();
        try {
            String text = CgroupFiles.readString(procRoot.resolve("diskstats"));
            if (text == null) {
                return out;
            }
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 13 && diskNames.contains(f[2])) {
                    out.add(new HostSample.DiskIo(f[2], Long.parseLong(f[3]), Long.parseLong(f[7]),
                            Long.parseLong(f[5]) * 512, Long.parseLong(f[9]) * 512, Long.parseLong(f[12])));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no disk counters this round
        }
        return out;
    }

    private List<HostSample.FileSystem> fileSystems() {
        List<HostSample.FileSystem> out = new ArrayList<>();
        for (OSFileStore fs : os.getFileSystem().getFileStores(true)) {
            if (SKIPPED_FS.contains(fs.getType()) || fs.getTotalSpace() <= 0) {
                continue;
            }
            long total = fs.getTotalSpace();
            long used = total - fs.getFreeSpace();
            out.add(new HostSample.FileSystem(fs.getMount(), fs.getVolume(), fs.getType(), total, fs.getUsableSpace(),
                    used, fs.getTotalInodes(), fs.getFreeInodes()));
        }
        return out;
    }

    static HostSample.Cpu cpuPercent(long[] before, long[] after) {
        if (before == null) {
            double nan = Double.NaN;
            return new HostSample.Cpu(nan, nan, nan, nan, nan, nan, nan, nan);
        }
        long[] d = new long[after.length];
        long total = 0;
        for (int i = 0; i < after.length; i++) {
            d[i] = Math.max(0, after[i] - before[i]);
            total += d[i];
        }
        if (total == 0) {
            return new HostSample.Cpu(0, 0, 0, 0, 0, 0, 0, 100);
        }
        double t = total;
        return new HostSample.Cpu(100 * d[TickType.USER.getIndex()] / t, 100 * d[TickType.SYSTEM.getIndex()] / t,
                100 * d[TickType.NICE.getIndex()] / t, 100 * d[TickType.IOWAIT.getIndex()] / t,
                100 * d[TickType.IRQ.getIndex()] / t, 100 * d[TickType.SOFTIRQ.getIndex()] / t,
                100 * d[TickType.STEAL.getIndex()] / t, 100 * d[TickType.IDLE.getIndex()] / t);
    }
}
