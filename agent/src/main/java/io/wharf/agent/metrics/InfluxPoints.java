package io.wharf.agent.metrics;

import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.metrics.cgroup.CgroupStats;
import io.wharf.core.event.MetricPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds InfluxDB points with the measurement, tag and field names of Telegraf's docker, cpu, mem,
 * system, disk, diskio and net inputs, so that dashboards written for Telegraf work unchanged.
 * docs/metrics.md lists every name and where wharf differs.
 */
public final class InfluxPoints {
    private InfluxPoints() {
    }

    /** The tags every container point carries: host, container_name, container_image, service, orchestrator ids. */
    public static Map<String, String> containerTags(ContainerInfo c, String host) {
        Map<String, String> tags = new java.util.TreeMap<>();
        tags.put("host", host);
        tags.put("container_name", c.name());
        tags.put("container_image", c.image());
        tags.put("service", c.serviceName());
        // orchestrator.type, orchestrator.cluster.name ... become orchestrator_type, orchestrator_cluster_name
        c.orchestrator().forEach((k, v) -> tags.put(k.replace('.', '_'), v));
        tags.values().removeIf(v -> v == null || v.isEmpty());
        return tags;
    }

    /**
     * The points of one container at {@code latest}. {@code usage_percent} is the average over
     * [{@code since}, {@code latest}] (the flush interval), not one second's spike.
     */
    public static List<MetricPoint> container(ContainerInfo c, String host, ContainerSample latest, ContainerSample since,
                                              long hostMemoryBytes) {
        Map<String, String> tags = containerTags(c, host);
        long ts = latest.timestampMillis() * 1_000_000L;
        List<MetricPoint> points = new ArrayList<>();
        CgroupStats stats = latest.cgroup();

        CgroupStats.Cpu cpu = stats.cpu();
        if (cpu != null && cpu.usageNs() >= 0) {
            MetricPoint.Builder b = MetricPoint.builder("docker_container_cpu").tags(tags).tag("cpu", "cpu-total").timestampNanos(ts);
            b.field("usage_total", cpu.usageNs());
            positive(b, "usage_in_usermode", cpu.userNs());
            positive(b, "usage_in_kernelmode", cpu.systemNs());
            positive(b, "usage_system", latest.hostCpuNanos());
            double percent = since == null ? latest.cpuPercent() : latest.cpuPercentSince(since);
            if (!Double.isNaN(percent)) {
                b.field("usage_percent", percent);
            }
            positive(b, "throttling_periods", cpu.periods());
            positive(b, "throttling_throttled_periods", cpu.throttledPeriods());
            positive(b, "throttling_throttled_time", cpu.throttledNs());
            b.field("container_id", c.id());
            points.add(b.build());
        }

        CgroupStats.Memory mem = stats.memory();
        if (mem != null) {
            MetricPoint.Builder b = MetricPoint.builder("docker_container_mem").tags(tags).timestampNanos(ts);
            // memory.stat keys as the kernel names them, as Telegraf passes docker's memory_stats.stats through
            mem.stat().forEach(b::field);
            b.field("usage", mem.usage());
            positive(b, "max_usage", mem.maxUsage());
            long limit = mem.limit() > 0 ? mem.limit() : hostMemoryBytes;
            if (limit > 0) {
                b.field("limit", limit);
            }
            double percent = mem.usagePercent(hostMemoryBytes);
            if (percent >= 0) {
                b.field("usage_percent", percent);
            }
            b.field("working_set", mem.workingSet());
            positive(b, "fail_count", mem.failcnt());
            if (!mem.stat().containsKey("swap")) {
                positive(b, "swap", mem.swap());
            }
            positive(b, "oom", mem.oom());
            positive(b, "oom_kill", mem.oomKill());
            b.field("container_id", c.id());
            points.add(b.build());
        }

        for (NetDev.Interface n : latest.network()) {
            points.add(MetricPoint.builder("docker_container_net").tags(tags).tag("network", n.name()).timestampNanos(ts)
                    .field("rx_bytes", n.rxBytes()).field("rx_packets", n.rxPackets()).field("rx_errors", n.rxErrors())
                    .field("rx_dropped", n.rxDropped()).field("tx_bytes", n.txBytes()).field("tx_packets", n.txPackets())
                    .field("tx_errors", n.txErrors()).field("tx_dropped", n.txDropped()).field("container_id", c.id())
                    .build());
        }

        for (CgroupStats.BlockDevice d : stats.blockIo()) {
            points.add(MetricPoint.builder("docker_container_blkio").tags(tags).tag("device", d.device()).timestampNanos(ts)
                    .field("io_service_bytes_recursive_read", d.readBytes())
                    .field("io_service_bytes_recursive_write", d.writeBytes())
                    .field("io_serviced_recursive_read", d.readOps())
                    .field("io_serviced_recursive_write", d.writeOps())
                    .field("container_id", c.id()).build());
        }

        CgroupStats.Pids pids = stats.pids();
        if (pids != null && pids.current() >= 0) {
            MetricPoint.Builder b = MetricPoint.builder("docker_container_pids").tags(tags).timestampNanos(ts)
                    .field("current", pids.current());
            positive(b, "limit", pids.limit());
            points.add(b.field("container_id", c.id()).build());
        }
        return points;
    }

    /** Host points: cpu (cpu-total), mem, system, disk, diskio, net. */
    public static List<MetricPoint> host(HostSample h, String host) {
        long ts = h.timestampMillis() * 1_000_000L;
        List<MetricPoint> points = new ArrayList<>();
        HostSample.Cpu cpu = h.cpu();
        if (!Double.isNaN(cpu.idle())) {
            points.add(MetricPoint.builder("cpu").tag("host", host).tag("cpu", "cpu-total").timestampNanos(ts)
                    .field("usage_user", cpu.user()).field("usage_system", cpu.system()).field("usage_idle", cpu.idle())
                    .field("usage_nice", cpu.nice()).field("usage_iowait", cpu.iowait()).field("usage_irq", cpu.irq())
                    .field("usage_softirq", cpu.softirq()).field("usage_steal", cpu.steal()).build());
        }
        HostSample.Memory m = h.memory();
        double availablePercent = m.total() > 0 ? 100.0 * m.available() / m.total() : 0;
        points.add(MetricPoint.builder("mem").tag("host", host).timestampNanos(ts)
                .field("total", m.total()).field("available", m.available()).field("used", m.used())
                .field("used_percent", m.usedPercent()).field("available_percent", availablePercent)
                .field("swap_total", m.swapTotal()).field("swap_free", m.swapTotal() - m.swapUsed()).build());
        points.add(MetricPoint.builder("system").tag("host", host).timestampNanos(ts)
                .field("load1", h.load1()).field("load5", h.load5()).field("load15", h.load15())
                .field("n_cpus", (long) h.nCpus()).field("uptime", h.uptimeSeconds())
                .field("n_containers", (long) h.nContainers()).build());
        for (HostSample.FileSystem fs : h.fileSystems()) {
            points.add(MetricPoint.builder("disk").tag("host", host).tag("path", fs.path()).tag("device", deviceName(fs.device()))
                    .tag("fstype", fs.fsType()).timestampNanos(ts)
                    .field("total", fs.total()).field("free", fs.free()).field("used", fs.used())
                    .field("used_percent", fs.usedPercent()).field("inodes_total", fs.inodesTotal())
                    .field("inodes_free", fs.inodesFree()).field("inodes_used", fs.inodesTotal() - fs.inodesFree()).build());
        }
        for (HostSample.DiskIo d : h.disks()) {
            points.add(MetricPoint.builder("diskio").tag("host", host).tag("name", d.name()).timestampNanos(ts)
                    .field("reads", d.reads()).field("writes", d.writes()).field("read_bytes", d.readBytes())
                    .field("write_bytes", d.writeBytes()).field("io_time", d.ioTimeMillis()).build());
        }
        for (HostSample.NetInterface n : h.network()) {
            points.add(MetricPoint.builder("net").tag("host", host).tag("interface", n.name()).timestampNanos(ts)
                    .field("bytes_sent", n.bytesSent()).field("bytes_recv", n.bytesRecv())
                    .field("packets_sent", n.packetsSent()).field("packets_recv", n.packetsRecv())
                    .field("err_in", n.errIn()).field("err_out", n.errOut()).field("drop_in", n.dropIn()).build());
        }
        return points;
    }

    /** Telegraf tags disks by kernel name ("sda1"), not by "/dev/sda1". */
    private static String deviceName(String device) {
        return device != null && device.startsWith("/dev/") ? device.substring(5) : device;
    }

    private static void positive(MetricPoint.Builder b, String field, long value) {
        if (value >= 0) {
            b.field(field, value);
        }
    }
}
