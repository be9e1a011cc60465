package io.wharf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the whole-process benchmarks read about a process (CPU and resident memory, from /proc,
 * so every thread, GC and JIT counts) and how they start a child JVM.
 */
public final class ProcessUsage {
    /** Linux reports process CPU in clock ticks; 100 per second on every kernel configuration this runs on. */
    public static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcessUsage() {
    }

    /** utime + stime of process {@code pid}, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    public static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // The command name is in parentheses and may hold spaces: count fields after it.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Resident memory of process {@code pid} in KiB (VmRSS of /proc/PID/status), or -1. */
    public static long rssKib(long pid) throws IOException {
        return statusKib(pid, "VmRSS:");
    }

    /** The most resident memory process {@code pid} has had so far, in KiB (VmHWM of /proc/PID/status), or -1. */
    public static long peakRssKib(long pid) throws IOException {
        return statusKib(pid, "VmHWM:");
    }

    private static long statusKib(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream().filter(l -> l.startsWith(field))
                .map(l -> l.substring(field.length()).trim().split("\\s+")[0]).mapToLong(Long::parseLong).findFirst().orElse(-1);
    }

    /** {@code java} of this JVM's installation followed by {@code javaOpts} (space-separated), ready for more arguments. */
    public static List<String> javaCommand(String javaOpts) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String opt : javaOpts.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        return cmd;
    }
}
