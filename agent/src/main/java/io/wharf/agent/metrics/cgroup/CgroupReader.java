package io.wharf.agent.metrics.cgroup;

import java.io.IOException;

/**
 * Reads a container's cgroup files into {@link CgroupStats}. A full read takes every file; a quick
 * read (the per-second path) takes only the counters that move every second (CPU, memory usage
 * and its breakdown) and carries limits, peaks, block I/O, pids and the raw memory.stat over from
 * {@code previous}, which the next full read refreshes.
 */
public interface CgroupReader {
    /** A full read when {@code full} or without {@code previous}; otherwise a quick one through files opened for it. */
    default CgroupStats read(ContainerCgroup cgroup, CgroupStats previous, boolean full) throws IOException {
        if (full || previous == null) {
            return readFull(cgroup);
        }
        try (QuickFiles files = quickFiles(cgroup)) {
            return readQuick(files, previous);
        }
    }

    /** Every file. */
    CgroupStats readFull(ContainerCgroup cgroup) throws IOException;

    /** The files {@link #readQuick} reads; the caller keeps them open across rounds and closes them. */
    QuickFiles quickFiles(ContainerCgroup cgroup);

    /** The per-second read: the moving counters from {@code files}, the rest carried over from {@code previous}. */
    CgroupStats readQuick(QuickFiles files, CgroupStats previous) throws IOException;

    /** A full read. */
    default CgroupStats read(ContainerCgroup cgroup) throws IOException {
        return read(cgroup, null, true);
    }

    /** The reader for the cgroup's version. */
    static CgroupReader forVersion(int version) {
        return version == 2 ? CgroupV2Reader.INSTANCE : CgroupV1Reader.INSTANCE;
    }
}
