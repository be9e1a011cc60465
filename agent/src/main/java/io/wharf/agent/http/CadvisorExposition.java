package io.wharf.agent.http;

import io.wharf.agent.metrics.ContainerSample;
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
 * ({@code id} = cgroup path, {@code name}, {@code image}), so cAdvisor scrape configs, recording
 * rules and dashboards keep working.
 */
public final class CadvisorExposition {
    private final Map<String, Family> families = new LinkedHashMap<>();

    private record Family(String help, String type, List<String> lines) {
    }

    /** Renders every container of {@code store}, plus machine_* facts from the latest host sample. */
    public static String render(MetricsStore store, java.util.function.Function<String, String> cgroupIdOf) {
        CadvisorExposition out = new CadvisorExposition();
        for (MetricsStore.Series s : store.all()) {
            ContainerSample latest = s.samples().latest();
            if (latest != null) {
                String id = cgroupIdOf.apply(s.container().id());
                out.container(labels(id, s.container().name(), s.container().image()), latest);
            }
        }
        HostSample host = store.host().latest();
        if (host != null) {
            out.add("machine_cpu_cores", "Number of logical CPU cores", "gauge", "", host.nCpus());
            out.add("machine_memory_bytes", "Amount of memory installed on the machine", "gauge", "", host.memory().total());
        }
        StringBuilder sb = new StringBuilder(8192);
        out.families.forEach((name, f) -> {
            sb.append("# HELP ").append(name).append(' ').append(f.help).append('\n');
            sb.append("# TYPE ").append(name).append(' ').append(f.type).append('\n');
            f.lines.forEach(l -> sb.append(l).append('\n'));
        });
        return sb.toString();
    }

    private void container(String labels, ContainerSample sample) {
        CgroupStats st = sample.cgroup();
        CgroupStats.Cpu cpu = st.cpu();
        if (cpu != null) {
            String cpuLabels = labels.substring(0, labels.length() - 1) + ",cpu=\"total\"}";
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
            String l = labels.substring(0, labels.length() - 1) + ",interface=\"" + escape(n.name()) + "\"}";
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
            String l = labels.substring(0, labels.length() - 1) + ",device=\"" + escape(d.device()) + "\"}";
            counter("container_fs_reads_bytes_total", "Cumulative count of bytes read", l, d.readBytes(), d.readBytes());
            counter("container_fs_writes_bytes_total", "Cumulative count of bytes written", l, d.writeBytes(), d.writeBytes());
            counter("container_fs_reads_total", "Cumulative count of reads completed", l, d.readOps(), d.readOps());
            counter("container_fs_writes_total", "Cumulative count of writes completed", l, d.writeOps(), d.writeOps());
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
