package io.wharf.agent.metrics;

import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.metrics.cgroup.CgroupStats;
import io.wharf.core.event.MetricPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Container points in the schema of cAdvisor's InfluxDB storage driver ({@code -storage_driver=influxdb}),
 * which sites such as DIRAC's ran on every Mesos slave under their Grafana dashboards: one
 * measurement per metric ({@code cpu_usage_total}, {@code memory_usage}, {@code rx_bytes},
 * {@code fs_usage}, ...), one integer field {@code value}, tags {@code machine},
 * {@code container_name} and the container's labels under their own names. The machine itself is
 * cAdvisor's root container, {@code container_name="/"}. Selected with
 * {@code metrics.influxdb_schemas: [cadvisor]} (or next to Telegraf's). docs/metrics.md lists it.
 */
public final class CadvisorInfluxPoints {
    private CadvisorInfluxPoints() {
    }

    public static List<MetricPoint> container(ContainerInfo c, String machine, ContainerSample latest,
                                              EngineFacts.Filesystem fs) {
        Map<String, String> tags = new TreeMap<>(c.labels());
        tags.put("machine", machine);
        tags.put("container_name", c.name());
        long ts = latest.timestampMillis() * 1_000_000L;
        List<MetricPoint> out = new ArrayList<>();
        CgroupStats.Cpu cpu = latest.cgroup().cpu();
        if (cpu != null && cpu.usageNs() >= 0) {
            out.add(point("cpu_usage_total", tags, ts, cpu.usageNs()));
            nonNegative(out, "cpu_usage_system", tags, ts, cpu.systemNs());
            nonNegative(out, "cpu_usage_user", tags, ts, cpu.userNs());
            for (int i = 0; i < cpu.perCpuNs().size(); i++) {
                out.add(MetricPoint.builder("cpu_usage_per_cpu").tags(tags).tag("instance", Integer.toString(i)).timestampNanos(ts)
                        .field("value", cpu.perCpuNs().get(i)).build());
            }
        }
        CgroupStats.Memory mem = latest.cgroup().memory();
        if (mem != null) {
            out.add(point("memory_usage", tags, ts, mem.usage()));
            out.add(point("memory_working_set", tags, ts, mem.workingSet()));
        }
        // cAdvisor's container-level network stats are those of the container's first interface
        if (!latest.network().isEmpty()) {
            NetDev.Interface n = latest.network().get(0);
            network(out, tags, ts, n.rxBytes(), n.rxErrors(), n.txBytes(), n.txErrors());
        }
        if (fs != null) {
            filesystem(out, tags, ts, fs.device(), fs.usageBytes(), fs.limitBytes());
        }
        return out;
    }

    /** cAdvisor's root container ("/"): the whole machine. */
    public static List<MetricPoint> machine(HostSample h, HostSampler.Machine m, String machine) {
        Map<String, String> tags = new TreeMap<>(Map.of("machine", machine, "container_name", "/"));
        long ts = h.timestampMillis() * 1_000_000L;
        List<MetricPoint> out = new ArrayList<>();
        nonNegative(out, "cpu_usage_total", tags, ts, m.busyCpuNanos());
        nonNegative(out, "memory_usage", tags, ts, m.memoryUsage());
        nonNegative(out, "memory_working_set", tags, ts, m.workingSet());
        List<HostSample.NetInterface> interfaces = rootInterfaces(h);
        if (!interfaces.isEmpty()) {
            HostSample.NetInterface n = interfaces.get(0);
            network(out, tags, ts, n.bytesRecv(), n.errIn(), n.bytesSent(), n.errOut());
        }
        for (HostSample.FileSystem fs : rootFileSystems(h)) {
            filesystem(out, tags, ts, fs.device(), fs.used(), fs.total());
        }
        return out;
    }

    /** The host's interfaces as cAdvisor's root container has them: without lo, veth*, docker*, nerdctl*. */
    public static List<HostSample.NetInterface> rootInterfaces(HostSample h) {
        return h.network().stream().filter(n -> !(n.name().startsWith("lo") || n.name().startsWith("veth")
                || n.name().startsWith("docker") || n.name().startsWith("nerdctl"))).toList();
    }

    /** The host's file systems as cAdvisor's root container has them: one per device (a device mounted twice counts once). */
    public static List<HostSample.FileSystem> rootFileSystems(HostSample h) {
        Map<String, HostSample.FileSystem> byDevice = new java.util.LinkedHashMap<>();
        h.fileSystems().forEach(fs -> byDevice.putIfAbsent(fs.device(), fs));
        return List.copyOf(byDevice.values());
    }

    private static void network(List<MetricPoint> out, Map<String, String> tags, long ts, long rxBytes, long rxErrors,
                                long txBytes, long txErrors) {
        out.add(point("rx_bytes", tags, ts, rxBytes));
        out.add(point("rx_errors", tags, ts, rxErrors));
        out.add(point("tx_bytes", tags, ts, txBytes));
        out.add(point("tx_errors", tags, ts, txErrors));
    }

    /** cAdvisor tags its file-system points with the device and type=usage or type=limit. */
    private static void filesystem(List<MetricPoint> out, Map<String, String> tags, long ts, String device, long usage,
                                   long limit) {
        out.add(MetricPoint.builder("fs_usage").tags(tags).tag("device", device).tag("type", "usage").timestampNanos(ts)
                .field("value", usage).build());
        out.add(MetricPoint.builder("fs_limit").tags(tags).tag("device", device).tag("type", "limit").timestampNanos(ts)
                .field("value", limit).build());
    }

    private static void nonNegative(List<MetricPoint> out, String name, Map<String, String> tags, long ts, long value) {
        if (value >= 0) {
            out.add(point(name, tags, ts, value));
        }
    }

    private static MetricPoint point(String name, Map<String, String> tags, long ts, long value) {
        return MetricPoint.builder(name).tags(tags).timestampNanos(ts).field("value", value).build();
    }
}
