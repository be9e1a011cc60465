package io.wharf.agent.metrics.cgroup;

import java.io.IOException;

/**
 * Reads a container's cgroup files into {@link CgroupStats}. A full read takes every file; a quick
 * read (the per-second path) takes only the counters that move every second (CPU, memory usage
 * and its breakdown) and carries limits, peaks, block I/O, pids and the raw memory.stat over from
 * {@code previous}, which the next full read refreshes.
 */
public interface CgroupReader {
    CgroupStats read(ContainerCgroup cgroup, CgroupStats previous, boolean full) throws IOException;

    /** A full read. */
    default CgroupStats read(ContainerCgroup cgroup) throws IOException {
        return read(cgroup, null, true);
    }

    /** The reader for the cgroup's version. */
    static CgroupReader forVersion(int version) {
        return version == 2 ? CgroupV2Reader.INSTANCE : CgroupV1Reader.INSTANCE;
    }
}
