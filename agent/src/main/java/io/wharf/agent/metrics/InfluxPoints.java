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

    /**
     * What container points are named by besides their samples: the engine's facts (engine_host,
     * server_version, container_status, state and health) and the label filter.
     *
     * @param onlineCpus the host's CPUs: per-CPU points stop there, as Telegraf's at docker's online_cpus
     */
    public record Context(EngineFacts.Snapshot engine, MetricsConfig config, int onlineCpus) {
        public static final Context NONE = new Context(EngineFacts.Snapshot.EMPTY, MetricsConfig.defaults(), 0);
    }

    /** The tags every container point carries, as {@link #containerTags(ContainerInfo, String, Context)} without engine facts. */
    public static Map<String, String> containerTags(ContainerInfo c, String host) {
        return containerTags(c, host, Context.NONE);
    }

    /**
     * The tags every container point carries: Telegraf's ({@code engine_host}, {@code server_version},
     * {@code container_name}, {@code container_image}, {@code container_version},
     * {@code container_status} and the container's labels through the label filter) and wharf's
     * ({@code host}, {@code service}, orchestrator ids). A label never replaces one of those.
     */
    public static Map<String, String> containerTags(ContainerInfo c, String host, Context ctx) {
        Map<String, String> tags = new java.util.TreeMap<>();
        c.labels().forEach((k, v) -> {
            if (ctx.config().labelAsTag(k)) {
                tags.put(k, v);
            }
        });
        tags.put("host", host);
        tags.put("container_name", c.name());
        // wharf's documented container_image is the whole reference ("dirac/web:8"); Telegraf's is the
        // part before the tag, which container_version completes
        tags.put("container_image", c.image());
        tags.put("container_version", imageVersion(c.image()));
        tags.put("service", c.serviceName());
        EngineFacts.Engine engine = ctx.engine().engine();
        if (engine != null) {
            tags.put("engine_host", engine.name());
            tags.put("server_version", engine.serverVersion());
        }
        EngineFacts.State state = ctx.engine().state(c.id());
        tags.put("container_status", state != null && state.status() != null ? state.status() : c.running() ? "running" : "exited");
        // orchestrator.type, orchestrator.cluster.name ... become orchestrator_type, orchestrator_cluster_name
        c.orchestrator().forEach((k, v) -> tags.put(k.replace('.', '_'), v));
        tags.values().removeIf(v -> v == null || v.isEmpty());
        return tags;
    }

    /**
     * The image's tag as Telegraf's container_version reads it: after the last ':' of the part that
     * follows a registry host ("registry:5000/app:1.2" -> "1.2"), "unknown" without one.
     */
    static String imageVersion(String image) {
        if (image == null) {
            return "unknown";
        }
        String remainder = image;
        int slash = image.indexOf('/');
        if (slash > 0) {
            String first = image.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                remainder = image.substring(slash + 1);
            }
        }
        int at = remainder.indexOf('@');
        if (at >= 0) {
            remainder = remainder.substring(0, at);
        }
        int colon = remainder.lastIndexOf(':');
        return colon >= 0 ? remainder.substring(colon + 1) : "unknown";
    }

    /** {@link #container(ContainerInfo, String, ContainerSample, ContainerSample, long, Context)} without engine facts. */
    public static List<MetricPoint> container(ContainerInfo c, String host, ContainerSample latest, ContainerSample since,
                                              long hostMemoryBytes) {
        return container(c, host, latest, since, hostMemoryBytes, Context.NONE);
    }

    /**
     * The points of one container at {@code latest}. {@code usage_percent} is the average over
     * [{@code since}, {@code latest}] (the flush interval), not one second's spike.
     */
    public static List<MetricPoint> container(ContainerInfo c, String host, ContainerSample latest, ContainerSample since,
                                              long hostMemoryBytes, Context ctx) {
        Map<String, String> tags = containerTags(c, host, ctx);
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
            // per CPU (Telegraf's perdevice_include default "cpu"): cgroup v1 only, as docker's percpu_usage
            List<Long> perCpu = cpu.perCpuNs();
            int n = ctx.onlineCpus() > 0 ? Math.min(ctx.onlineCpus(), perCpu.size()) : perCpu.size();
            for (int i = 0; i < n; i++) {
                points.add(MetricPoint.builder("docker_container_cpu").tags(tags).tag("cpu", "cpu" + i).timestampNanos(ts)
                        .field("usage_total", perCpu.get(i)).field("container_id", c.id()).build());
            }
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

        // per interface, then Telegraf's total_include "network" rollup (network=total)
        long[] net = new long[8];
        for (NetDev.Interface n : latest.network()) {
            long[] v = {n.rxBytes(), n.rxPackets(), n.rxErrors(), n.rxDropped(), n.txBytes(), n.txPackets(), n.txErrors(), n.txDropped()};
            points.add(netPoint(tags, n.name(), ts, v, c.id()));
            for (int i = 0; i < v.length; i++) {
                net[i] += v[i];
            }
        }
        if (!latest.network().isEmpty()) {
            points.add(netPoint(tags, "total", ts, net, c.id()));
        }

        // per device, every counter the kernel has, then the device=total rollup (total_include "blkio"),
        // written even without devices (the kernel's "Total 0") so that a panel shows 0, not nothing
        Map<String, Long> blkioTotal = new java.util.LinkedHashMap<>();
        for (String f : new String[] {"io_service_bytes_recursive_read", "io_service_bytes_recursive_write",
            "io_serviced_recursive_read", "io_serviced_recursive_write"}) {
            blkioTotal.put(f, 0L);
        }
        for (CgroupStats.BlockDevice d : stats.blockIo()) {
            MetricPoint.Builder b = MetricPoint.builder("docker_container_blkio").tags(tags).tag("device", d.device()).timestampNanos(ts);
            d.counters().forEach((k, v) -> {
                b.field(k, v);
                blkioTotal.merge(k, v, Long::sum);
            });
            points.add(b.field("container_id", c.id()).build());
        }
        MetricPoint.Builder total = MetricPoint.builder("docker_container_blkio").tags(tags).tag("device", "total").timestampNanos(ts);
        blkioTotal.forEach(total::field);
        points.add(total.field("container_id", c.id()).build());

        CgroupStats.Pids pids = stats.pids();
        if (pids != null && pids.current() >= 0) {
            MetricPoint.Builder b = MetricPoint.builder("docker_container_pids").tags(tags).timestampNanos(ts)
                    .field("current", pids.current());
            positive(b, "limit", pids.limit());
            points.add(b.field("container_id", c.id()).build());
        }

        EngineFacts.State state = ctx.engine().state(c.id());
        if (state != null) {
            points.addAll(statusPoints(c, tags, state, ts));
        }
        return points;
    }

    private static MetricPoint netPoint(Map<String, String> tags, String network, long ts, long[] v, String id) {
        return MetricPoint.builder("docker_container_net").tags(tags).tag("network", network).timestampNanos(ts)
                .field("rx_bytes", v[0]).field("rx_packets", v[1]).field("rx_errors", v[2]).field("rx_dropped", v[3])
                .field("tx_bytes", v[4]).field("tx_packets", v[5]).field("tx_errors", v[6]).field("tx_dropped", v[7])
                .field("container_id", id).build();
    }

    /** Telegraf's docker_container_status, and docker_container_health for a container with a health check. */
    static List<MetricPoint> statusPoints(ContainerInfo c, Map<String, String> tags, EngineFacts.State s, long ts) {
        List<MetricPoint> out = new ArrayList<>();
        MetricPoint.Builder b = MetricPoint.builder("docker_container_status").tags(tags).timestampNanos(ts)
                .field("oomkilled", s.oomKilled()).field("pid", s.pid()).field("exitcode", s.exitCode())
                .field("restart_count", s.restartCount()).field("container_id", c.id());
        long nowNanos = ts;
        long finished = s.finishedAt() == null ? nowNanos : nanos(s.finishedAt());
        if (s.finishedAt() != null) {
            b.field("finished_at", finished);
        }
        if (s.startedAt() != null) {
            long started = nanos(s.startedAt());
            b.field("started_at", started);
            // a running container finished before it last started (or never): its uptime runs to now
            b.field("uptime_ns", finished < started ? nowNanos - started : finished - started);
        }
        out.add(b.build());
        if (s.health() != null) {
            out.add(MetricPoint.builder("docker_container_health").tags(tags).timestampNanos(ts)
                    .field("health_status", s.health()).field("failing_streak", s.failingStreak()).build());
        }
        return out;
    }

    private static long nanos(java.time.Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Telegraf's docker measurement: the engine's own counts, tagged engine_host and server_version. */
    public static List<MetricPoint> engine(EngineFacts.Engine e, String host, long timestampMillis) {
        if (e == null || e.counts().isEmpty()) {
            return List.of();
        }
        MetricPoint.Builder b = MetricPoint.builder("docker").tag("host", host).tag("engine_host", e.name())
                .tag("server_version", e.serverVersion()).timestampNanos(timestampMillis * 1_000_000L);
        e.counts().forEach(b::field);
        return List.of(b.build());
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
