package io.wharf.agent.metrics.cgroup;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one process's cgroup lives, found from {@code /proc/PID/cgroup} and the mount table,
 * never from a guessed path: with cgroup v1 one folder per controller (cpu and cpuacct may be
 * separate hierarchies, as on hosts that mount them apart), with v2 one unified folder.
 *
 * @param path the cgroup path as the kernel writes it ({@code /docker/ID},
 *             {@code /system.slice/docker-ID.scope}); cAdvisor's {@code id} label
 */
public record ContainerCgroup(int version, String path, Map<String, Path> controllers, Path unified) {

    public Path controller(String name) {
        return controllers.get(name);
    }

    /**
     * Resolves a {@code /proc/PID/cgroup} file against the cgroup mounts. v1 is chosen when the
     * process is in a v1 hierarchy that carries real controllers (hybrid hosts also list a
     * {@code 0::} line for an empty unified hierarchy); otherwise v2.
     */
    public static ContainerCgroup resolve(List<String> procCgroupLines, List<CgroupMount> mounts) {
        Map<String, Path> v1 = new HashMap<>();
        String v1Path = null;
        String v2Path = null;
        for (String line : procCgroupLines) {
            // hierarchy-ID:controller-list:cgroup-path (cgroups(7)); the path may contain ':'
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String hierarchy = line.substring(0, first);
            String controllerList = line.substring(first + 1, second);
            String path = line.substring(second + 1).trim();
            if (hierarchy.equals("0") && controllerList.isEmpty()) {
                v2Path = path;
                continue;
            }
            for (String controller : controllerList.split(",")) {
                if (controller.isEmpty() || controller.startsWith("name=")) {
                    continue;
                }
                for (CgroupMount m : mounts) {
                    if (!m.unified() && m.controllers().contains(controller)) {
                        Path folder = m.folderOf(path);
                        if (folder != null) {
                            v1.put(controller, folder);
                            if (v1Path == null || controller.equals("memory")) {
                                v1Path = path;
                            }
                        }
                    }
                }
            }
        }
        if (v1.containsKey("memory") || v1.containsKey("cpuacct") || v1.containsKey("cpu")) {
            return new ContainerCgroup(1, v1Path, Map.copyOf(v1), null);
        }
        if (v2Path != null) {
            for (CgroupMount m : mounts) {
                if (m.unified()) {
                    Path folder = m.folderOf(v2Path);
                    if (folder != null) {
                        return new ContainerCgroup(2, v2Path, Map.of(), folder);
                    }
                }
            }
        }
        throw new IllegalStateException("no cgroup v1 controller or v2 mount found for " + procCgroupLines);
    }
}
