package io.wharf.agent.metrics.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Locating a container's cgroup from /proc/PID/cgroup and the mount table, for each layout in the field. */
class ContainerCgroupTest {
    static final String ID = "1407f1e02c61fa2173353bb869c9b28f00ea48a56c709d1d49fb5825945a19df";

    /** This build host: v1 with cpu and cpuacct mounted apart, an empty unified hierarchy beside them. */
    static final List<String> HYBRID_SEPARATE_CPU_MOUNTS = List.of(
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct",
            "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "36 31 0:33 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio",
            "37 31 0:34 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
            "38 31 0:35 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd",
            "39 31 0:36 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
            "40 23 0:5 / /proc rw,nosuid - proc proc rw");

    @Test
    void v1CgroupfsWithCpuAndCpuacctMountedApart() {
        List<String> proc = List.of(
                "9:name=systemd:/docker/" + ID, "8:pids:/docker/" + ID, "7:blkio:/docker/" + ID,
                "4:memory:/docker/" + ID, "3:cpuset:/docker/" + ID, "2:cpuacct:/docker/" + ID,
                "1:cpu:/docker/" + ID, "0::/docker/" + ID);
        ContainerCgroup cg = ContainerCgroup.resolve(proc, CgroupMount.parseMountInfo(HYBRID_SEPARATE_CPU_MOUNTS));
        assertThat(cg.version()).isEqualTo(1);
        assertThat(cg.path()).isEqualTo("/docker/" + ID);
        // cpuacct.usage lives under cpuacct/, not under cpu/: the path must not be guessed
        assertThat(cg.controller("cpuacct")).isEqualTo(Path.of("/sys/fs/cgroup/cpuacct/docker/" + ID));
        assertThat(cg.controller("cpu")).isEqualTo(Path.of("/sys/fs/cgroup/cpu/docker/" + ID));
        assertThat(cg.controller("memory")).isEqualTo(Path.of("/sys/fs/cgroup/memory/docker/" + ID));
        assertThat(cg.controller("blkio")).isEqualTo(Path.of("/sys/fs/cgroup/blkio/docker/" + ID));
        assertThat(cg.controller("pids")).isEqualTo(Path.of("/sys/fs/cgroup/pids/docker/" + ID));
    }

    @Test
    void v1SystemdDriverWithCombinedCpuMount() {
        List<String> mounts = List.of(
                "25 24 0:22 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd",
                "28 24 0:25 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct",
                "29 24 0:26 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory");
        String path = "/system.slice/docker-" + ID + ".scope";
        List<String> proc = List.of("11:memory:" + path, "4:cpu,cpuacct:" + path, "1:name=systemd:" + path);
        ContainerCgroup cg = ContainerCgroup.resolve(proc, CgroupMount.parseMountInfo(mounts));
        assertThat(cg.version()).isEqualTo(1);
        assertThat(cg.controller("cpu")).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct" + path));
        assertThat(cg.controller("cpuacct")).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct" + path));
        assertThat(cg.controller("memory")).isEqualTo(Path.of("/sys/fs/cgroup/memory" + path));
    }

    @Test
    void v2UnifiedWithSystemdDriver() {
        List<String> mounts = List.of("26 23 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot");
        ContainerCgroup cg = ContainerCgroup.resolve(List.of("0::/system.slice/docker-" + ID + ".scope"),
                CgroupMount.parseMountInfo(mounts));
        assertThat(cg.version()).isEqualTo(2);
        assertThat(cg.unified()).isEqualTo(Path.of("/sys/fs/cgroup/system.slice/docker-" + ID + ".scope"));
        assertThat(cg.path()).isEqualTo("/system.slice/docker-" + ID + ".scope");
    }

    @Test
    void v2MountShowingOnlyPartOfTheHierarchy() {
        // the agent in a container with the host's cgroup tree bind-mounted from /sys/fs/cgroup/system.slice
        List<String> mounts = List.of("50 40 0:23 /system.slice /host/cgroup rw - cgroup2 cgroup2 rw");
        ContainerCgroup cg = ContainerCgroup.resolve(List.of("0::/system.slice/docker-" + ID + ".scope"),
                CgroupMount.parseMountInfo(mounts));
        assertThat(cg.unified()).isEqualTo(Path.of("/host/cgroup/docker-" + ID + ".scope"));
    }

    @Test
    void noUsableMountIsAClearError() {
        assertThatThrownBy(() -> ContainerCgroup.resolve(List.of("0::/docker/" + ID), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no cgroup");
    }

    @Test
    void mountInfoEscapesAreDecoded() {
        List<CgroupMount> m = CgroupMount.parseMountInfo(List.of("32 31 0:29 / /sys/fs/cgroup/my\\040cpu rw - cgroup cgroup rw,cpu"));
        assertThat(m.get(0).mountPoint()).isEqualTo(Path.of("/sys/fs/cgroup/my cpu"));
    }
}
