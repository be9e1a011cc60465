package io.wharf.agent.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * Samples the host through OSHI. The lists of disks, interfaces and file systems are enumerated
 * again only every {@code rescanMillis} (enumeration reads sysfs and the mount table; the counters
 * of known devices are cheap to refresh every second).
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
    private List<HWDiskStore> disks = List.of();
    private List<NetworkIF> interfaces = List.of();
    private List<HostSample.FileSystem> fileSystems = List.of();

    public HostSampler(long rescanMillis) {
        SystemInfo si = new SystemInfo();
        this.hardware = si.getHardware();
        this.os = si.getOperatingSystem();
        this.processor = hardware.getProcessor();
        this.rescanMillis = rescanMillis;
    }

    public synchronized HostSample sample(int nContainers) {
        long now = System.currentTimeMillis();
        boolean rescan = now - lastScan >= rescanMillis;
        if (rescan) {
            lastScan = now;
            disks = hardware.getDiskStores();
            // the host's end of each container's veth pair is counted per container instead
            interfaces = hardware.getNetworkIFs(false).stream()
                    .filter(n -> !n.getName().startsWith("veth") && !n.getName().equals("lo")).toList();
            fileSystems = fileSystems();
        } else {
            disks.forEach(HWDiskStore::updateAttributes);
            interfaces.forEach(NetworkIF::updateAttributes);
        }
        long[] ticks = processor.getSystemCpuLoadTicks();
        HostSample.Cpu cpu = cpuPercent(previousTicks, ticks);
        previousTicks = ticks;
        double[] load = processor.getSystemLoadAverage(3);
        var mem = hardware.getMemory();
        var vm = mem.getVirtualMemory();
        List<HostSample.DiskIo> diskIo = new ArrayList<>();
        for (HWDiskStore d : disks) {
            diskIo.add(new HostSample.DiskIo(d.getName(), d.getReads(), d.getWrites(), d.getReadBytes(), d.getWriteBytes(),
                    d.getTransferTime()));
        }
        List<HostSample.NetInterface> net = new ArrayList<>();
        for (NetworkIF n : interfaces) {
            net.add(new HostSample.NetInterface(n.getName(), n.getBytesSent(), n.getBytesRecv(), n.getPacketsSent(),
                    n.getPacketsRecv(), n.getInErrors(), n.getOutErrors(), n.getInDrops()));
        }
        return new HostSample(now, cpu, load[0], load[1], load[2], processor.getLogicalProcessorCount(),
                new HostSample.Memory(mem.getTotal(), mem.getAvailable(), vm.getSwapTotal(), vm.getSwapUsed()),
                os.getSystemUptime(), fileSystems, diskIo, net, nContainers);
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
