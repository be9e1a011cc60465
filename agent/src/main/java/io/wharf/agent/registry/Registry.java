package io.wharf.agent.registry;

import io.wharf.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read positions of every source (file identity -> committed byte offset), persisted in
 * {@code <data_dir>/registry/registry.json}. Positions are moved only by {@link #commit}, which
 * the sources call from their {@link io.wharf.core.ack.OffsetTracker} once every sink has
 * acknowledged the events before the offset (invariant 2). The file is replaced atomically
 * (write a temporary file, fsync it, rename it over the old one, fsync the folder), so a crash
 * leaves either the old or the new registry, never a torn one.
 *
 * <p>Besides committed positions, it keeps in memory how far this process has <em>read</em> each
 * source, so a container restarted while the agent runs resumes where reading stopped instead of
 * re-reading what is still in flight.
 *
 * <p>Every entry is checked when the file is loaded ({@link RegistryFile}); an unreadable file is
 * kept aside and said, never silently taken for an empty registry.
 */
public final class Registry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    static final String FILE = "registry.json";

    /** One source's committed position; {@code updatedMillis}: when it last moved (epoch ms, cheap on the ack path). */
    public record Entry(String source, String path, long offset, long updatedMillis) {
    }

    /** The file's shape: times are RFC 3339 strings. */
    record Snapshot(int version, String savedAt, List<Entry> entries) {
    }

    private final Path dir;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Long> readPositions = new ConcurrentHashMap<>();
    private final java.util.Set<String> claimed = ConcurrentHashMap.newKeySet();
    /** Sources loaded from the file (the previous run's), not yet seen again: if their file is gone, what follows their offset is lost. */
    private final java.util.Set<String> previousRun = ConcurrentHashMap.newKeySet();
    private final Instant previousSavedAt;
    private final Duration flushInterval;
    private final Object saveLock = new Object();
    private volatile boolean dirty;
    private volatile boolean closed;
    private Thread flusher;

    private Registry(Path dir, Duration flushInterval) throws IOException {
        this.dir = dir;
        this.flushInterval = flushInterval;
        Files.createDirectories(dir);
        RegistryFile.Contents loaded = RegistryFile.load(dir.resolve(FILE));
        entries.putAll(loaded.entries());
        this.previousSavedAt = loaded.savedAt();
        pruneMissingFolders();
        previousRun.addAll(entries.keySet());
    }

    /** Opens (or creates) the registry in {@code dir} and starts saving it every {@code flushInterval} while it changes. */
    public static Registry open(Path dir, Duration flushInterval) throws IOException {
        Registry r = new Registry(dir, flushInterval);
        r.flusher = new Thread(r::flushLoop, "registry-flush");
        r.flusher.setDaemon(true);
        r.flusher.start();
        LOG.info("registry {}: {} sources", dir.resolve(FILE), r.entries.size());
        return r;
    }

    /** When the previous run last saved the registry: the agent was alive until about then. Empty on the first run. */
    public Optional<Instant> previousRunLastSeen() {
        return Optional.ofNullable(previousSavedAt);
    }

    /** The committed offset of {@code source}, if known. */
    public Optional<Long> committed(String source) {
        Entry e = entries.get(source);
        return e == null ? Optional.empty() : Optional.of(e.offset());
    }

    /** Where to resume reading {@code source}: how far this process read it, else the committed offset, else empty. */
    public Optional<Long> resumeOffset(String source) {
        Long read = readPositions.get(source);
        if (read != null) {
            return Optional.of(read);
        }
        return committed(source);
    }

    /** Whether any committed source lives under {@code folder} (a container's log folder). */
    public boolean hasSourcesUnder(Path folder) {
        String prefix = folder.toString();
        return entries.values().stream().anyMatch(e -> e.path() != null && e.path().startsWith(prefix));
    }

    /**
     * The previous run's entries of files named {@code base} or {@code base.<suffix>} (a rotation
     * set) that this run has not accounted for yet; each is handed out once.
     */
    public List<Entry> previousRunEntries(Path base) {
        String name = base.toString();
        List<Entry> out = new ArrayList<>();
        for (String source : previousRun) {
            Entry e = entries.get(source);
            if (e != null && e.path() != null && (e.path().equals(name) || e.path().startsWith(name + "."))) {
                out.add(e);
            }
        }
        out.forEach(e -> previousRun.remove(e.source()));
        return out;
    }

    /** Drops the entry of a file that is gone (its loss, if any, reported). */
    public void forget(String source) {
        entries.remove(source);
        dirty = true;
    }

    /** Remembers how far this process has read {@code source} (not persisted). */
    public void read(String source, long offset) {
        readPositions.put(source, offset);
    }

    /** Moves the committed offset of {@code source}; called behind acknowledgements only. */
    public void commit(String source, Path path, long offset) {
        entries.compute(source, (k, before) -> before != null && before.offset() >= offset ? before
                : new Entry(source, path.toString(), offset, System.currentTimeMillis()));
        dirty = true;
    }

    /**
     * Takes {@code source} for one reader; false if another reader has it (a file can match two
     * inputs, or be seen under its old and new name during a rotation: it is read once).
     */
    public boolean claim(String source) {
        return claimed.add(source);
    }

    public void release(String source) {
        claimed.remove(source);
    }

    /** Forgets sources whose folder is gone (removed containers), so the registry does not grow forever. */
    private void pruneMissingFolders() {
        entries.values().removeIf(e -> e.path() != null && Path.of(e.path()).getParent() != null
                && !Files.isDirectory(Path.of(e.path()).getParent()));
    }

    public int size() {
        return entries.size();
    }

    private void flushLoop() {
        long heartbeatNanos = Math.max(flushInterval.toNanos() * 10, Duration.ofSeconds(10).toNanos());
        long lastSave = System.nanoTime();
        while (!closed) {
            try {
                Thread.sleep(flushInterval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            // Saved while it changes, and now and then anyway: saved_at tells the next run how
            // long this one was alive (containers that died after that were not seen to the end).
            if (dirty || System.nanoTime() - lastSave > heartbeatNanos) {
                try {
                    save();
                    lastSave = System.nanoTime();
                } catch (UncheckedIOException e) {
                    LOG.warn("registry: cannot save ({}); retrying", e.getCause().getMessage());
                }
            }
        }
    }

    /** Writes the registry now, atomically. */
    public void save() {
        synchronized (saveLock) {
            dirty = false;
            List<Entry> list = new ArrayList<>(entries.values());
            byte[] bytes = Json.write(new Snapshot(1, Instant.now().toString(), list)).getBytes(StandardCharsets.UTF_8);
            Path tmp = dir.resolve(FILE + ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("the registry folder " + dir + " does not support atomic rename", e);
                }
                fsyncFolder(dir);
            } catch (IOException e) {
                dirty = true;
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void fsyncFolder(Path folder) {
        // Makes the rename itself durable; not every file system allows opening a folder, which is fine.
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        closed = true;
        if (flusher != null) {
            flusher.interrupt();
        }
        save();
    }
}
