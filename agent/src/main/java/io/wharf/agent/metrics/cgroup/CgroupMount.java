package io.wharf.agent.metrics.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One cgroup file system mount from {@code /proc/self/mountinfo}: where it is mounted, which
 * part of the hierarchy it shows ({@code root}), whether it is the v2 unified hierarchy, and the
 * v1 controllers it carries ({@code cpu}, {@code cpuacct}, {@code memory}, ...).
 */
public record CgroupMount(Path mountPoint, String root, boolean unified, Set<String> controllers) {

    /** Parses the cgroup and cgroup2 lines of a mountinfo file (proc(5)); other mounts are ignored. */
    public static List<CgroupMount> parseMountInfo(List<String> lines) {
        List<CgroupMount> mounts = new ArrayList<>();
        for (String line : lines) {
            int sep = line.indexOf(" - ");
            if (sep < 0) {
                continue;
            }
            String[] before = line.substring(0, sep).split(" ");
            String[] after = line.substring(sep + 3).split(" ");
            if (before.length < 5 || after.length < 1) {
                continue;
            }
            String fsType = after[0];
            String root = unescape(before[3]);
            Path mountPoint = Path.of(unescape(before[4]));
            if (fsType.equals("cgroup2")) {
                mounts.add(new CgroupMount(mountPoint, root, true, Set.of()));
            } else if (fsType.equals("cgroup") && after.length >= 3) {
                Set<String> controllers = new java.util.HashSet<>();
                for (String option : after[2].split(",")) {
                    if (!option.equals("rw") && !option.equals("ro") && !option.contains("=")) {
                        controllers.add(option);
                    } else if (option.startsWith("name=")) {
                        controllers.add(option);
                    }
                }
                mounts.add(new CgroupMount(mountPoint, root, false, Set.copyOf(controllers)));
            }
        }
        return mounts;
    }

    /** The folder of {@code cgroupPath} (as written in /proc/PID/cgroup) under this mount, or null if outside it. */
    Path folderOf(String cgroupPath) {
        String relative;
        if (root.equals("/")) {
            relative = cgroupPath;
        } else if (cgroupPath.equals(root) || cgroupPath.startsWith(root + "/")) {
            relative = cgroupPath.substring(root.length());
        } else {
            return null;
        }
        relative = relative.startsWith("/") ? relative.substring(1) : relative;
        return relative.isEmpty() ? mountPoint : mountPoint.resolve(relative);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
