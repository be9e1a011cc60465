package io.wharf.agent.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Block device names by {@code major:minor}, from {@code /proc/diskstats} (its first three columns),
 * as cAdvisor labels per-device I/O ({@code device="/dev/sda"}). Read again, at most once a minute,
 * when a device is not known yet; an unknown device keeps its {@code major:minor}.
 */
public final class BlockDeviceNames {
    private static final long RELOAD_MILLIS = 60_000;
    private final Path diskstats;
    private volatile Map<String, String> names = Map.of();
    private volatile long loadedAt = Long.MIN_VALUE / 2;

    public BlockDeviceNames(Path diskstats) {
        this.diskstats = diskstats;
    }

    /** {@code /dev/<name>} for {@code major:minor}, or {@code device} itself when it is not in diskstats. */
    public String name(String device) {
        String name = names.get(device);
        if (name == null && System.currentTimeMillis() - loadedAt >= RELOAD_MILLIS) {
            load();
            name = names.get(device);
        }
        return name != null ? name : device;
    }

    private synchronized void load() {
        loadedAt = System.currentTimeMillis();
        Map<String, String> out = new java.util.HashMap<>();
        try {
            for (String line : Files.readAllLines(diskstats)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 3) {
                    out.put(f[0] + ":" + f[1], "/dev/" + f[2]);
                }
            }
        } catch (IOException e) {
            // no names: major:minor stays
        }
        names = Map.copyOf(out);
    }
}
