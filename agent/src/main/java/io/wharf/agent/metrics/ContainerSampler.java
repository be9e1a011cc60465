package io.wharf.agent.metrics;

import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.metrics.cgroup.CgroupMount;
import io.wharf.agent.metrics.cgroup.CgroupReader;
import io.wharf.agent.metrics.cgroup.CgroupStats;
import io.wharf.agent.metrics.cgroup.ContainerCgroup;
import io.wharf.agent.metrics.cgroup.QuickFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one container's cgroup and network counters. The cgroup is located once per container
 * from {@code /proc/<init pid>/cgroup} and the agent's mount table, then cached, and so are the
 * files read every second (kept open, see {@link QuickFiles}). Used by one sampling thread.
 */
public final class ContainerSampler {
    private final Path procRoot;
    private volatile List<CgroupMount> mounts;
    private final Map<String, ContainerCgroup> cgroups = new ConcurrentHashMap<>();
    private final Map<String, QuickFiles> quickFiles = new ConcurrentHashMap<>();

    /** @param procRoot the host's /proc (or where it is mounted when the agent runs in a container) */
    public ContainerSampler(Path procRoot) {
        this.procRoot = procRoot;
    }

    public ContainerCgroup cgroupOf(ContainerInfo container) throws IOException {
        ContainerCgroup known = cgroups.get(container.id());
        if (known != null) {
            return known;
        }
        if (container.pid() <= 0) {
            throw new IOException("container " + container.name() + " has no init pid (not running)");
        }
        if (mounts == null) {
            mounts = CgroupMount.parseMountInfo(Files.readAllLines(procRoot.resolve("self/mountinfo")));
        }
        List<String> lines = Files.readAllLines(procRoot.resolve(container.pid() + "/cgroup"));
        ContainerCgroup cgroup = ContainerCgroup.resolve(lines, mounts);
        cgroups.put(container.id(), cgroup);
        return cgroup;
    }

    /**
     * Samples the container; {@code previous} (may be null) gives the CPU percent and, unless
     * {@code full}, the slowly changing values (limits, block I/O, pids, network) to carry over.
     */
    public ContainerSample sample(ContainerInfo container, ContainerSample previous, long hostCpuNanos, boolean full)
            throws IOException {
        ContainerCgroup cgroup = cgroupOf(container);
        long nanoTime = System.nanoTime();
        CgroupReader reader = CgroupReader.forVersion(cgroup.version());
        CgroupStats stats;
        if (full || previous == null) {
            stats = reader.readFull(cgroup);
        } else {
            QuickFiles files = quickFiles.computeIfAbsent(container.id(), id -> reader.quickFiles(cgroup));
            try {
                stats = reader.readQuick(files, previous.cgroup());
            } catch (IOException e) {
                // e.g. the container restarted: a new cgroup, perhaps a new pid; found again next round
                forget(container.id());
                throw e;
            }
        }
        List<NetDev.Interface> net = full || previous == null ? NetDev.read(procRoot.resolve(container.pid() + "/net/dev"))
                : previous.network();
        ContainerSample sample = new ContainerSample(System.currentTimeMillis(), nanoTime, stats, net, Double.NaN, hostCpuNanos);
        double percent = sample.cpuPercentSince(previous);
        return new ContainerSample(sample.timestampMillis(), nanoTime, stats, net, percent, hostCpuNanos);
    }

    /** The cgroup path of a sampled container ({@code /docker/ID}), cAdvisor's {@code id} label; null if unknown. */
    public String cgroupPath(String containerId) {
        ContainerCgroup c = cgroups.get(containerId);
        return c == null ? null : c.path();
    }

    public void forget(String containerId) {
        cgroups.remove(containerId);
        QuickFiles files = quickFiles.remove(containerId);
        if (files != null) {
            files.close();
        }
    }

    /** Closes every file kept open. */
    public void close() {
        for (String id : List.copyOf(quickFiles.keySet())) {
            forget(id);
        }
    }
}
