package io.wharf.agent.metrics;

import io.wharf.agent.metrics.cgroup.CgroupFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Network counters of a network namespace from {@code /proc/PID/net/dev}: reading it through the
 * container's init pid shows the container's own interfaces, without entering its namespace.
 * The loopback interface is left out, as docker stats and cAdvisor do.
 */
public final class NetDev {
    private NetDev() {
    }

    public record Interface(String name, long rxBytes, long rxPackets, long rxErrors, long rxDropped,
                            long txBytes, long txPackets, long txErrors, long txDropped) {
    }

    public static List<Interface> read(Path netDev) throws IOException {
        String text = CgroupFiles.readString(netDev);
        return text == null ? List.of() : parse(List.of(text.split("\n")));
    }

    /** Two header lines, then "iface: rx bytes packets errs drop fifo frame compressed multicast tx bytes packets errs drop ...". */
    public static List<Interface> parse(List<String> lines) {
        List<Interface> out = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (name.equals("lo")) {
                continue;
            }
            String[] v = line.substring(colon + 1).trim().split("\\s+");
            if (v.length < 16) {
                continue;
            }
            out.add(new Interface(name, l(v[0]), l(v[1]), l(v[2]), l(v[3]), l(v[8]), l(v[9]), l(v[10]), l(v[11])));
        }
        return out;
    }

    private static long l(String s) {
        return Long.parseLong(s);
    }
}
