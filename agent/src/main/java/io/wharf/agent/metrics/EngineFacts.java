package io.wharf.agent.metrics;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Info;
import io.wharf.agent.docker.ContainerInfo;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the Docker engine knows, asked of it once per flush interval (never per sample): its
 * name and version and counts ({@code GET /info}, Telegraf's {@code engine_host},
 * {@code server_version} and {@code docker} measurement), each followed container's state and
 * health ({@code GET /containers/{id}/json}: Telegraf's {@code container_status} tag,
 * {@code docker_container_status}, {@code docker_container_health}), and, at most once a minute per
 * container, the bytes its writable layer and its log folder take on disk (cAdvisor's
 * {@code container_fs_usage_bytes}). Refreshed on the collector's flushing thread; readers take the
 * latest {@link Snapshot}.
 */
public final class EngineFacts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineFacts.class);
    /** cAdvisor measures disk usage once a minute too: walking a layer costs a stat per file. */
    static final long FS_EVERY_MILLIS = 60_000;

    /** {@code GET /info}: the names and counts Telegraf's docker input writes. */
    public record Engine(String name, String serverVersion, String rootDir, String driver, Map<String, Long> counts) {
    }

    /** One container's {@code State} from inspect. Times are null when unset. */
    public record State(String status, long pid, long exitCode, long restartCount, boolean oomKilled, Instant created,
                        Instant startedAt, Instant finishedAt, String health, long failingStreak) {
    }

    /** Disk use of a container's writable layer plus its log folder, on the file system holding the layer. */
    public record Filesystem(String device, long usageBytes, long limitBytes) {
    }

    /** @param engine null until {@code /info} answered */
    public record Snapshot(Engine engine, Map<String, State> states, Map<String, Filesystem> filesystems) {
        static final Snapshot EMPTY = new Snapshot(null, Map.of(), Map.of());

        public State state(String containerId) {
            return states.get(containerId);
        }

        public Filesystem filesystem(String containerId) {
            return filesystems.get(containerId);
        }
    }

    private final DockerClient docker;
    private volatile Snapshot latest = Snapshot.EMPTY;
    private final Map<String, Long> fsMeasuredAt = new HashMap<>();
    private boolean warned;

    /** @param docker null: no engine to ask (tests and benchmarks without one); {@link #latest()} stays empty */
    public EngineFacts(DockerClient docker) {
        this.docker = docker;
    }

    public Snapshot latest() {
        return latest;
    }

    /** Asks the engine again about itself and {@code containers}; what cannot be read keeps its last value. */
    public synchronized Snapshot refresh(Collection<ContainerInfo> containers) {
        if (docker == null) {
            return latest;
        }
        Snapshot before = latest;
        Engine engine = before.engine();
        try {
            engine = engine(docker.infoCmd().exec());
            warned = false;
        } catch (RuntimeException e) {
            if (!warned) {
                LOG.warn("cannot read the Docker engine's /info ({}): engine_host, server_version and the docker measurement "
                        + "keep their last values", e.toString());
                warned = true;
            }
        }
        Map<String, State> states = new LinkedHashMap<>();
        Map<String, Filesystem> filesystems = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (ContainerInfo c : containers) {
            State state = before.state(c.id());
            try {
                state = state(docker.inspectContainerCmd(c.id()).exec());
            } catch (RuntimeException e) {
                LOG.debug("cannot inspect container {}: {}", c.name(), e.toString());
            }
            if (state != null) {
                states.put(c.id(), state);
            }
            Filesystem fs = before.filesystem(c.id());
            Long measured = fsMeasuredAt.get(c.id());
            if (engine != null && (measured == null || now - measured >= FS_EVERY_MILLIS)) {
                fsMeasuredAt.put(c.id(), now);
                fs = filesystem(engine, c.id());
            }
            if (fs != null) {
                filesystems.put(c.id(), fs);
            }
        }
        fsMeasuredAt.keySet().retainAll(containers.stream().map(ContainerInfo::id).collect(java.util.stream.Collectors.toSet()));
        latest = new Snapshot(engine, Map.copyOf(states), Map.copyOf(filesystems));
        return latest;
    }

    /** Closes the engine client this was given. */
    @Override
    public void close() {
        if (docker != null) {
            try {
                docker.close();
            } catch (IOException e) {
                LOG.debug("closing the Docker client: {}", e.toString());
            }
        }
    }

    static Engine engine(Info info) {
        Map<String, Long> counts = new LinkedHashMap<>();
        put(counts, "n_cpus", info.getNCPU());
        put(counts, "n_used_file_descriptors", info.getNFd());
        put(counts, "n_containers", info.getContainers());
        put(counts, "n_containers_running", info.getContainersRunning());
        put(counts, "n_containers_stopped", info.getContainersStopped());
        put(counts, "n_containers_paused", info.getContainersPaused());
        put(counts, "n_images", info.getImages());
        put(counts, "n_goroutines", info.getNGoroutines());
        put(counts, "n_listener_events", info.getNEventsListener());
        put(counts, "memory_total", info.getMemTotal());
        return new Engine(info.getName(), info.getServerVersion(), info.getDockerRootDir(), info.getDriver(), counts);
    }

    private static void put(Map<String, Long> m, String key, Number value) {
        if (value != null) {
            m.put(key, value.longValue());
        }
    }

    static State state(InspectContainerResponse r) {
        var s = r.getState();
        if (s == null) {
            return null;
        }
        var health = s.getHealth();
        return new State(s.getStatus(), s.getPidLong() == null ? 0 : s.getPidLong(), s.getExitCodeLong() == null ? 0 : s.getExitCodeLong(),
                r.getRestartCount() == null ? 0 : r.getRestartCount(), Boolean.TRUE.equals(s.getOOMKilled()), instant(r.getCreated()),
                instant(s.getStartedAt()), instant(s.getFinishedAt()), health == null ? null : health.getStatus(),
                health == null || health.getFailingStreak() == null ? 0 : health.getFailingStreak());
    }

    private static Instant instant(String s) {
        if (s == null || s.isEmpty() || s.startsWith("0001-")) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The container's writable layer, found as the engine records it
     * ({@code <root>/image/<driver>/layerdb/mounts/<id>/mount-id} names the layer's folder), plus
     * {@code <root>/containers/<id>} (its logs and config), as cAdvisor counts them; null when the
     * layer cannot be found (a driver without a folder per layer, or no access to the engine's root).
     */
    static Filesystem filesystem(Engine engine, String containerId) {
        if (engine.rootDir() == null || engine.driver() == null) {
            return null;
        }
        Path root = Path.of(engine.rootDir());
        try {
            Path mountId = root.resolve("image").resolve(engine.driver()).resolve("layerdb/mounts").resolve(containerId).resolve("mount-id");
            String layer = Files.readString(mountId).trim();
            Path dir = switch (engine.driver()) {
                case "overlay2", "overlay" -> root.resolve(engine.driver()).resolve(layer).resolve("diff");
                case "vfs" -> root.resolve("vfs/dir").resolve(layer);
                case "aufs" -> root.resolve("aufs/diff").resolve(layer);
                case "btrfs" -> root.resolve("btrfs/subvolumes").resolve(layer);
                default -> null;
            };
            if (dir == null || !Files.isDirectory(dir)) {
                return null;
            }
            FileStore store = Files.getFileStore(dir);
            long usage = bytesUnder(dir) + bytesUnder(root.resolve("containers").resolve(containerId));
            return new Filesystem(store.name(), usage, store.getTotalSpace());
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot measure the disk use of container {}: {}", containerId, e.toString());
            return null;
        }
    }

    /** The sizes of the regular files under {@code dir} (what {@code du --apparent-size} counts). */
    static long bytesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // removed while walking: the container is writing
            }
        });
        return total[0];
    }
}
