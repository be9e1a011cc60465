package io.wharf.agent.metrics.cgroup;

import java.nio.file.Path;

/**
 * The three files of one container's cgroup read every second (CPU usage, memory usage, memory
 * breakdown), kept open between rounds and re-read with one pread each. Null where the controller
 * is not there. Held by the sampler per container and closed when the container goes.
 */
public final class QuickFiles implements AutoCloseable {
    final CgroupFiles.OpenFile cpu;
    final CgroupFiles.OpenFile memoryUsage;
    final CgroupFiles.OpenFile memoryStat;

    QuickFiles(Path cpu, Path memoryUsage, Path memoryStat) {
        this.cpu = cpu == null ? null : new CgroupFiles.OpenFile(cpu);
        this.memoryUsage = memoryUsage == null ? null : new CgroupFiles.OpenFile(memoryUsage);
        this.memoryStat = memoryStat == null ? null : new CgroupFiles.OpenFile(memoryStat);
    }

    @Override
    public void close() {
        for (CgroupFiles.OpenFile f : new CgroupFiles.OpenFile[] {cpu, memoryUsage, memoryStat}) {
            if (f != null) {
                f.close();
            }
        }
    }
}
