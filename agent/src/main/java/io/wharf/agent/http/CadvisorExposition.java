package io.wharf.agent.http;

import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.metrics.BlockDeviceNames;
import io.wharf.agent.metrics.CadvisorInfluxPoints;
import io.wharf.agent.metrics.ContainerSample;
import io.wharf.agent.metrics.EngineFacts;
import io.wharf.agent.metrics.HostSampler;
import io.wharf.agent.metrics.MetricsCollector;
import io.wharf.agent.metrics.MetricsConfig;
import io.wharf.agent.metrics.HostSample;
import io.wharf.agent.metrics.MetricsStore;
import io.wharf.agent.metrics.NetDev;
import io.wharf.agent.metrics.cgroup.CgroupStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest container samples in Prometheus' text format under cAdvisor's metric names and labels
 * ({@code id} = cgroup path, {@code name}, {@code image}, {@code container_label_<label>},
 * {@code container_env_<variable>}), so cAdvisor scrape configs, recording rules and dashboards keep
 * working; and cAdvisor's root container ({@code id="/"}), the whole machine, which host-total
 * panels read.
 */
public final class CadvisorExposition {
    private static final java.util.regex.Pattern INVALID_LABEL_CHARS = java.util.regex.Pattern.compile("[^a-zA-Z0-9_]");
    private final Map<String, Family> families = new LinkedHashMap<>();
    private final BlockDeviceNames deviceNames;

    private CadvisorExposition(BlockDeviceNames deviceNames) {
        this.deviceNames = deviceNames;
    }

    private record Family(String help, String type, List<String> lines) {
    }

    /** Renders every container the collector samples, the root container and the machine_* facts. */
    public static String render(MetricsCollector collector) {
        MetricsStore store = collector.store();
        MetricsConfig config = collector.config();
        EngineFacts.Snapshot facts = collector.engineFacts();
        CadvisorExposition out = new CadvisorExposition(collector.deviceNames());
        for (MetricsStore.Series s : store.all()) {
            ContainerSample latest = s.samples().latest();
            if (latest != null) {
                ContainerInfo c = s.container();
                EngineFacts.State state = facts.state(c.id());
                String labels = labels(collector.cgroupPath(c.id()), c, state, config);
                out.container(labels, latest);
                EngineFacts.Filesystem fs = facts.filesystem(c.id());
                if (fs != null) {
                    String l = with(labels, "device", fs.device());
                    out.add("container_fs_usage_bytes", "Number of bytes that are consumed by the container on this filesystem.",
                            "gauge", l, fs.usageBytes());
                    out.add("container_fs_limit_bytes", "Number of bytes that can be consumed by the container on this filesystem.",
                            "gauge", l, fs.limitBytes());
                }
                java.time.Instant created = state != null && state.created() != null ? state.created() : c.startedAt();
                if (created != null) {
                    out.add("container_start_time_seconds", "Start time of the container since unix epoch in seconds.", "gauge",
                            labels, created.getEpochSecond() + created.getNano() / 1e9);
                }
            }
        }
        HostSample host = store.host().latest();
        if (host != null) {
            out.machine(host, collector.machine());
            out.add("machine_cpu_cores", "Number of logical CPU cores.", "gauge", "", host.nCpus());
            out.add("machine_memory_bytes", "Amount of memory installed on the machine.", "gauge", "", host.memory().total());
        }
        StringBuilder sb = new StringBuilder(8192);
        out.families.forEach((name, f) -> {
            sb.append("# HELP ").append(name).append(' ').append(f.help).append('\n');
            sb.append("# TYPE ").append(name).append(' ').append(f.type).append('\n');
            f.lines.forEach(l -> sb.append(l).append('\n'));
        });
        return sb.toString();
    }

    /** cAdvisor's root cgroup, id="/" without name or image: the machine's CPU, memory, interfaces, file systems and disks. */
    private void machine(HostSample h, HostSampler.Machine m) {
        String labels = "{id=\"/\"}";
        if (m.busyCpuNanos() >= 0) {
            add("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", "counter",
                    with(labels, "cpu", "total"), m.busyCpuNanos() / 1e9);
        }
        gauge("container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed",
                labels, m.memoryUsage());
        gauge("container_memory_working_set_bytes", "Current working set in bytes.", labels, m.workingSet());
        for (HostSample.NetInterface n : CadvisorInfluxPoints.rootInterfaces(h)) {
            String l = with(labels, "interface", n.name());
            counter("container_network_receive_bytes_total", "Cumulative count of bytes received", l, n.bytesRecv(), n.bytesRecv());
            counter("container_network_receive_packets_total", "Cumulative count of packets received", l, n.packetsRecv(), n.packetsRecv());
            counter("container_network_receive_errors_total", "Cumulative count of errors encountered while receiving", l, n.errIn(), n.errIn());
            counter("container_network_transmit_bytes_total", "Cumulative count of bytes transmitted", l, n.bytesSent(), n.bytesSent());
            counter("container_network_transmit_packets_total", "Cumulative count of packets transmitted", l, n.packetsSent(), n.packetsSent());
            counter("container_network_transmit_errors_total", "Cumulative count of errors encountered while transmitting", l, n.errOut(), n.errOut());
        }
        for (HostSample.FileSystem fs : CadvisorInfluxPoints.rootFileSystems(h)) {
            String l = with(labels, "device", fs.device());
            gauge("container_fs_usage_bytes", "Number of bytes that are consumed by the container on this filesystem.", l, fs.used());
            gauge("container_fs_limit_bytes", "Number of bytes that can be consumed by the container on this filesystem.", l, fs.total());
        }
        for (HostSample.DiskIo d : h.disks()) {
            String l = with(labels, "device", "/dev/" + d.name());
            counter("container_fs_reads_bytes_total", "Cumulative count of bytes read", l, d.readBytes(), d.readBytes());
            counter("container_fs_writes_bytes_total", "Cumulative count of bytes written", l, d.writeBytes(), d.writeBytes());
            counter("container_fs_reads_total", "Cumulative count of reads completed", l, d.reads(), d.reads());
            counter("container_fs_writes_total", "Cumulative count of writes completed", l, d.writes(), d.writes());
        }
        add("container_last_seen", "Last time a container was seen by the exporter", "gauge", labels, h.timestampMillis() / 1000);
    }

    private void container(String labels, ContainerSample sample) {
        CgroupStats st = sample.cgroup();
        CgroupStats.Cpu cpu = st.cpu();
        if (cpu != null) {
            String cpuLabels = with(labels, "cpu", "total");
            counter("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", cpuLabels, cpu.usageNs() / 1e9, cpu.usageNs());
            counter("container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.", labels, cpu.userNs() / 1e9, cpu.userNs());
            counter("container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.", labels, cpu.systemNs() / 1e9, cpu.systemNs());
            counter("container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals.", labels, cpu.periods(), cpu.periods());
            counter("container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals.", labels, cpu.throttledPeriods(), cpu.throttledPeriods());
            counter("container_cpu_cfs_throttled_seconds_total", "Total time duration the container has been throttled.", labels, cpu.throttledNs() / 1e9, cpu.throttledNs());
            gauge("container_spec_cpu_quota", "CPU quota of the container.", labels, cpu.quotaUs());
            gauge("container_spec_cpu_period", "CPU period of the container.", labels, cpu.periodUs());
            gauge("container_spec_cpu_shares", "CPU share of the container.", labels, cpu.shares() >= 0 ? cpu.shares() : cpu.weight());
        }
        CgroupStats.Memory m = st.memory();
        if (m != null) {
            gauge("container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed", labels, m.usage());
            gauge("container_memory_working_set_bytes", "Current working set in bytes.", labels, m.workingSet());
            gauge("container_memory_rss", "Size of RSS in bytes.", labels, m.rss());
            gauge("container_memory_cache", "Number of bytes of page cache memory.", labels, m.cache());
            gauge("container_memory_mapped_file", "Size of memory mapped files in bytes.", labels, m.mappedFile());
            gauge("container_memory_swap", "Container swap usage in bytes.", labels, m.swap());
            gauge("container_memory_max_usage_bytes", "Maximum memory usage recorded in bytes", labels, m.maxUsage());
            counter("container_memory_failcnt", "Number of memory usage hits limits", labels, m.failcnt(), m.failcnt());
            // cAdvisor writes 0 for "no limit"
            add("container_spec_memory_limit_bytes", "Memory limit for the container.", "gauge", labels, m.limit() > 0 ? m.limit() : 0);
        }
        for (NetDev.Interface n : sample.network()) {
            String l = with(labels, "interface", n.name());
            counter("container_network_receive_bytes_total", "Cumulative count of bytes received", l, n.rxBytes(), n.rxBytes());
            counter("container_network_receive_packets_total", "Cumulative count of packets received", l, n.rxPackets(), n.rxPackets());
            counter("container_network_receive_errors_total", "Cumulative count of errors encountered while receiving", l, n.rxErrors(), n.rxErrors());
            counter("container_network_receive_packets_dropped_total", "Cumulative count of packets dropped while receiving", l, n.rxDropped(), n.rxDropped());
            counter("container_network_transmit_bytes_total", "Cumulative count of bytes transmitted", l, n.txBytes(), n.txBytes());
            counter("container_network_transmit_packets_total", "Cumulative count of packets transmitted", l, n.txPackets(), n.txPackets());
            counter("container_network_transmit_errors_total", "Cumulative count of errors encountered while transmitting", l, n.txErrors(), n.txErrors());
            counter("container_network_transmit_packets_dropped_total", "Cumulative count of packets dropped while transmitting", l, n.txDropped(), n.txDropped());
        }
        for (CgroupStats.BlockDevice d : st.blockIo()) {
            // cAdvisor names devices as the kernel does ("/dev/sda"), with major and minor apart
            String device = deviceNames.name(d.device());
            String l = with(labels, "device", device);
            counter("container_fs_reads_bytes_total", "Cumulative count of bytes read", l, d.readBytes(), d.readBytes());
            counter("container_fs_writes_bytes_total", "Cumulative count of bytes written", l, d.writeBytes(), d.writeBytes());
            counter("container_fs_reads_total", "Cumulative count of reads completed", l, d.readOps(), d.readOps());
            counter("container_fs_writes_total", "Cumulative count of writes completed", l, d.writeOps(), d.writeOps());
            String prefix = "io_service_bytes_recursive_";
            d.counters().forEach((field, value) -> {
                if (field.startsWith(prefix)) {
                    String op = field.substring(prefix.length());
                    String ol = with(with(with(with(labels, "device", device), "major", Integer.toString(d.major())),
                            "minor", Integer.toString(d.minor())), "operation", Character.toUpperCase(op.charAt(0)) + op.substring(1));
                    add("container_blkio_device_usage_total", "Blkio Device bytes usage", "counter", ol, value);
                }
            });
        }
        if (st.pids() != null) {
            gauge("container_processes", "Number of processes running inside the container.", labels, st.pids().current());
        }
        add("container_last_seen", "Last time a container was seen by the exporter", "gauge", labels, sample.timestampMillis() / 1000.0);
    }

    /** Adds a counter unless the cgroup does not provide it ({@code raw} < 0). */
    private void counter(String name, String help, String labels, double value, long raw) {
        if (raw >= 0) {
            add(name, help, "counter", labels, value);
        }
    }

    private void gauge(String name, String help, String labels, long raw) {
        if (raw >= 0) {
            add(name, help, "gauge", labels, raw);
        }
    }

    private void add(String name, String help, String type, String labels, double value) {
        families.computeIfAbsent(name, n -> new Family(help, type, new ArrayList<>()))
                .lines.add(name + labels + ' ' + format(value));
    }

    static String labels(String id, String name, String image) {
        return "{id=\"" + escape(id) + "\",image=\"" + escape(image) + "\",name=\"" + escape(name) + "\"}";
    }

    /**
     * cAdvisor's labels of a Docker container: id, image, name, then every label as
     * {@code container_label_<label>} (with {@code store_container_labels}; the engine's restart count
     * as {@code container_label_restartcount} once it restarted, as cAdvisor's Docker handler adds it)
     * and the allow-listed environment variables as {@code container_env_<name in lower case>},
     * names cleaned as cAdvisor does (every character but [a-zA-Z0-9_] becomes '_'; the first of two
     * that clean alike wins).
     */
    static String labels(String id, ContainerInfo c, EngineFacts.State state, MetricsConfig config) {
        Map<String, String> extra = new java.util.TreeMap<>();
        if (config.storeContainerLabels()) {
            Map<String, String> labels = new java.util.TreeMap<>(c.labels());
            if (state != null && state.restartCount() > 0) {
                labels.put("restartcount", Long.toString(state.restartCount()));
            }
            labels.forEach((k, v) -> extra.putIfAbsent(sanitize("container_label_" + k), v));
        }
        new java.util.TreeMap<>(c.env()).forEach((k, v) -> {
            if (config.envMetadataWhitelist().stream().anyMatch(k::startsWith)) {
                extra.putIfAbsent(sanitize("container_env_" + k.toLowerCase(java.util.Locale.ROOT)), v);
            }
        });
        String base = labels(id, c.name(), c.image());
        StringBuilder sb = new StringBuilder(base.substring(0, base.length() - 1));
        extra.forEach((k, v) -> {
            if (!v.isEmpty()) {
                sb.append(',').append(k).append("=\"").append(escape(v)).append('"');
            }
        });
        return sb.append('}').toString();
    }

    static String sanitize(String name) {
        return INVALID_LABEL_CHARS.matcher(name).replaceAll("_");
    }

    /** {@code labels} with one more label. */
    private static String with(String labels, String name, String value) {
        return labels.substring(0, labels.length() - 1) + "," + name + "=\"" + escape(value) + "\"}";
    }

    private static String escape(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
