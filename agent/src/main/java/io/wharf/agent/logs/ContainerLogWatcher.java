package io.wharf.agent.logs;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Docker's containers folder with the kernel's file notifications (inotify, through
 * Java's {@link WatchService}) and opens each container's {@code <id>-json.log} the moment it
 * is created: when a container starts, and at every rotation. A {@code docker run --rm}
 * container that prints a few lines and exits is deleted, log included, some tens of
 * milliseconds later, before the events stream and an inspect could tell of it; the descriptor
 * opened here keeps its log readable. The events stream and the listings stay the backstop
 * (notifications can overflow, a folder can be created before it is watched).
 */
final class ContainerLogWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogWatcher.class);
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{64}");

    /** Told on the watcher's thread; must not block for long (the next container may be about to appear). */
    interface Listener {
        /** The live log of container {@code id} was just created, and is held open as {@code log}; the listener owns it. */
        void logCreated(String id, HeldFile log);

        /** The folder of container {@code id} was deleted (the container was removed). */
        void folderRemoved(String id);
    }

    private final Path root;
    private final Listener listener;
    private final Map<WatchKey, String> folders = new ConcurrentHashMap<>();
    private WatchService service;
    private WatchKey rootKey;
    private Thread thread;
    private volatile boolean closed;
    private boolean warnedLimit;

    ContainerLogWatcher(Path root, Listener listener) {
        this.root = root;
        this.listener = listener;
    }

    /** Starts watching; false (and a warning) if the folder cannot be watched: discovery alone then finds containers. */
    boolean start() {
        try {
            service = root.getFileSystem().newWatchService();
            rootKey = root.register(service, ENTRY_CREATE, ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("logs: cannot watch {} ({}); containers are found through the Docker events only, and the lines of "
                    + "containers removed right after they exit (docker run --rm) may be lost", root, e.toString());
            return false;
        }
        // Folders that exist already: their next log file (a rotation, a restart) is held the moment it is created too.
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            for (Path p : dir) {
                watchFolder(p, false);
            }
        } catch (IOException e) {
            LOG.warn("logs: cannot list {}: {}", root, e.toString());
        }
        thread = new Thread(this::run, "logs-containers-folder");
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    private void run() {
        while (!closed) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            try {
                for (WatchEvent<?> event : key.pollEvents()) {
                    handle(key, event);
                }
            } catch (RuntimeException e) {
                LOG.warn("logs: containers folder watcher: {}", e.toString(), e);
            }
            if (!key.reset()) {
                folders.remove(key); // the folder was deleted
            }
        }
    }

    private void handle(WatchKey key, WatchEvent<?> event) {
        if (event.kind() == OVERFLOW) {
            // The kernel's queue overflowed: notifications were dropped. Watch what is new; discovery finds the rest.
            LOG.warn("logs: file notifications of {} overflowed; new containers are found through the Docker events", root);
            rescan();
            return;
        }
        String name = event.context().toString();
        if (key == rootKey) {
            Path folder = root.resolve(name);
            if (event.kind() == ENTRY_CREATE) {
                watchFolder(folder, true);
            } else if (event.kind() == ENTRY_DELETE && CONTAINER_ID.matcher(name).matches()) {
                listener.folderRemoved(name);
            }
            return;
        }
        String id = folders.get(key);
        if (id != null && event.kind() == ENTRY_CREATE && name.equals(id + "-json.log")) {
            hold(id, root.resolve(id).resolve(name));
        }
    }

    /**
     * Watches one container's folder for its log files. A folder that was just created may have
     * its log already (created between the folder and the watch): it is looked for once watched.
     */
    private void watchFolder(Path folder, boolean isNew) {
        String id = folder.getFileName().toString();
        if (!CONTAINER_ID.matcher(id).matches() || folders.containsValue(id)) {
            return;
        }
        try {
            WatchKey key = folder.register(service, ENTRY_CREATE);
            folders.put(key, id);
        } catch (IOException | RuntimeException e) {
            if (!warnedLimit && Files.isDirectory(folder)) {
                // Most likely fs.inotify.max_user_watches: raise it, or rely on the events stream.
                LOG.warn("logs: cannot watch {} ({}); such containers are found through the Docker events only", folder, e.toString());
                warnedLimit = true;
            }
            return;
        }
        Path log = folder.resolve(id + "-json.log");
        if (isNew && Files.exists(log)) {
            hold(id, log);
        }
    }

    private void hold(String id, Path log) {
        HeldFile held = HeldFile.open(log);
        if (held == null) {
            LOG.debug("logs: {} was gone before it could be opened", log);
            return;
        }
        listener.logCreated(id, held);
    }

    private void rescan() {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            for (Path p : dir) {
                watchFolder(p, true);
            }
        } catch (IOException e) {
            LOG.warn("logs: cannot list {}: {}", root, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
