package io.wharf.agent.metrics.cgroup;

import java.io.IOException;

/** Reads a container's cgroup files into {@link CgroupStats}. */
public interface CgroupReader {
    CgroupStats read(ContainerCgroup cgroup) throws IOException;

    /** The reader for the cgroup's version. */
    static CgroupReader forVersion(int version) {
        return version == 2 ? CgroupV2Reader.INSTANCE : CgroupV1Reader.INSTANCE;
    }
}
