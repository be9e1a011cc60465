package io.wharf.agent.logs;

import io.wharf.agent.docker.ContainerConfigFile;
import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.docker.ContainerListener;
import io.wharf.agent.docker.DiscoveryHooks;
import java.time.Instant;
import io.wharf.agent.registry.Registry;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Processor;
import io.wharf.core.pipeline.Publisher;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log collection: one {@link FileTailer} per followed container (its json-file log read
 * directly from Docker's folder) and per plain or CRI file matched by the configured globs.
 * Told of containers by discovery through {@link ContainerListener}; each container's settings
 * (parser, multiline, exclusion) come from {@link ContainerSettings}.
 */
public final class LogCollector implements ContainerListener, DiscoveryHooks, ContainerLogWatcher.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogCollector.class);
    private static final long SCAN_MILLIS = 1000;
    private static final long KEEP_THROUGH_RESTART_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long WATCH_LATE_WARN_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final LogsConfig config;
    private final Parsers parsers;
    private final Registry registry;
    private final Publisher publisher;
    private final String hostName;
    private final Processor afterParse;
    private final LogLosses losses;
    private final Map<String, FileTailer> containers = new ConcurrentHashMap<>();
    private final Map<Path, FileTailer> files = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread scanner;
    /** Containers that stopped lately (die events), in case the engine is restarting; see {@link #engineAway()}. */
    private final Map<String, Stopped> recentlyStopped = new ConcurrentHashMap<>();
    private final Set<String> keptThroughRestart = new HashSet<>();
    /** Followed at start from Docker's files, until the engine's first listing confirms them. */
    private final Set<String> startedFromFolder = new HashSet<>();
    private Thread rotationWatcher;
    private ContainerLogWatcher folderWatcher;
    /** Containers never to follow (the agent's own). */
    private volatile Set<String> notFollowed = Set.of();

    public LogCollector(LogsConfig config, Registry registry, Publisher publisher, String hostName) {
        this(config, registry, publisher, hostName, null, null, null);
    }

    /**
     * @param afterParse runs on every event once it is parsed and enriched with its source's
     *                   fields (the DIRAC request metrics observe responses there and need
     *                   {@code service.name}); null for none
     * @param metrics    where parsers count what they do (the agent's /metrics); null for nowhere
     * @param losses     where lines known to be lost are reported; null: counted on {@code metrics} only
     */
    public LogCollector(LogsConfig config, Registry registry, Publisher publisher, String hostName, Processor afterParse,
                        SelfMetrics metrics, LogLosses losses) {
        this.afterParse = afterParse;
        this.losses = losses != null ? losses : new LogLosses(metrics);
        this.config = config;
        this.parsers = config.parsers(metrics);
        this.registry = registry;
        this.publisher = publisher;
        this.hostName = hostName;
    }

    /** Starts following the plain and CRI files of the configuration (containers come through the listener). */
    public synchronized void start() {
        start(Set.of());
    }

    /**
     * ... and watches the containers folder, so that each container's log is opened the moment
     * it is created ({@link ContainerLogWatcher}).
     *
     * @param notFollowed ids of containers not to follow (the agent's own container)
     */
    public synchronized void start(Set<String> notFollowed) {
        this.notFollowed = Set.copyOf(notFollowed);
        startRotationWatcher();
        if (config.enabled() && Files.isDirectory(Path.of(config.containersDir()))) {
            folderWatcher = new ContainerLogWatcher(Path.of(config.containersDir()), this);
            if (!folderWatcher.start()) {
                folderWatcher = null;
            }
            followRunningFromFolder();
        }
        if (config.files().isEmpty() && config.cri().paths().isEmpty()) {
            return;
        }
        scanner = new Thread(this::scanLoop, "logs-file-scanner");
        scanner.setDaemon(true);
        scanner.start();
    }

    @Override
    public void containerStarted(ContainerInfo container) {
        follow(container, false);
    }

    @Override
    public void containerStopped(ContainerInfo container) {
        long now = System.nanoTime();
        recentlyStopped.values().removeIf(s -> now - s.at() > KEEP_THROUGH_RESTART_NANOS);
        recentlyStopped.put(container.id(), new Stopped(container, now));
        FileTailer t = containers.get(container.id());
        if (t != null) {
            t.requestStop();
        }
    }

    /**
     * The engine went away (restarting): containers that stopped just before were most likely
     * stopped by it and come back with their restart policy, writing to the same log, possibly
     * before discovery reconnects. Keep following them meanwhile, so that what Docker rotates
     * out and deletes (max-file) in that time is still held and read.
     */
    @Override
    public synchronized void engineAway() {
        long now = System.nanoTime();
        for (Stopped s : recentlyStopped.values()) {
            if (now - s.at() <= KEEP_THROUGH_RESTART_NANOS) {
                keptThroughRestart.add(s.container().id());
                follow(s.container(), false);
            }
        }
        recentlyStopped.clear();
    }

    /**
     * Follows at once the containers Docker's own files say are running, without waiting for the
     * engine's API: the Docker client takes seconds to set up on a loaded machine, and every second
     * the agent starts later is a second in which Docker may rotate away (max-file) what was
     * written while it was down. Discovery confirms them once connected ({@link #engineBack}).
     */
    private void followRunningFromFolder() {
        try (Stream<Path> folders = Files.list(Path.of(config.containersDir()))) {
            folders.filter(Files::isDirectory).map(ContainerConfigFile::read).flatMap(Optional::stream)
                    .filter(c -> c.running() && !notFollowed.contains(c.id()))
                    .forEach(c -> {
                        startedFromFolder.add(c.id());
                        follow(c, false);
                    });
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("logs: cannot list {} ({}); containers are followed once the engine answers", config.containersDir(), e.toString());
        }
    }

    /** Back and listed: the containers kept through the restart that are not running again are read to the end and dropped. */
    @Override
    public synchronized void engineBack(Set<String> running) {
        // Followed from their files before the engine answered: those it does not list as running are not.
        for (String id : startedFromFolder) {
            FileTailer t = containers.get(id);
            if (t != null && !running.contains(id)) {
                t.requestStop();
            }
        }
        startedFromFolder.clear();
        for (String id : keptThroughRestart) {
            FileTailer t = containers.get(id);
            if (t != null && !running.contains(id)) {
                t.requestStop();
            }
        }
        keptThroughRestart.clear();
    }

    private record Stopped(ContainerInfo container, long at) {
    }

    /** New metadata for a followed container (renamed). */
    @Override
    public void renamed(ContainerInfo container) {
        FileTailer t = containers.get(container.id());
        if (t != null) {
            t.context().update(container);
        }
    }

    /**
     * A container that is not running but whose log may hold lines not yet delivered (it ran
     * while the agent was down): read its log to the end, then stop. What the registry says was
     * delivered is not read again.
     */
    @Override
    public void stoppedContainer(ContainerInfo container, Instant finishedAt) {
        follow(container, true);
    }

    /**
     * The live log of container {@code id} was just created (the container started, or Docker
     * rotated its log) and is held open: handed to its reader, which is started for a new
     * container with the metadata Docker wrote in the container's folder.
     */
    @Override
    public void logCreated(String id, HeldFile log) {
        FileTailer t = containers.get(id);
        if (t != null && t.isAlive()) {
            t.offer(log); // a rotation: the common case, no need to read the container's files
            return;
        }
        if (notFollowed.contains(id)) {
            log.close();
            return;
        }
        Optional<ContainerInfo> info = ContainerConfigFile.read(log.path().getParent());
        if (info.isEmpty()) {
            log.close(); // not readable: discovery reports the container
            return;
        }
        follow(info.get(), false, log);
    }

    /** The container was removed (its folder is gone): its reader finishes what it holds and exits. */
    @Override
    public void folderRemoved(String id) {
        FileTailer t = containers.get(id);
        if (t != null) {
            t.requestStop();
        }
    }

    private void follow(ContainerInfo c, boolean stopped) {
        follow(c, stopped, null);
    }

    /** @param held the container's log, opened when it appeared, or null; handed over or closed */
    private synchronized void follow(ContainerInfo c, boolean stopped, HeldFile held) {
        if (!config.enabled() || closed) {
            closeQuietly(held);
            return;
        }
        FileTailer existing = containers.get(c.id());
        if (existing != null && existing.isAlive()) {
            if (held != null) {
                existing.offer(held);
            }
            if (stopped) {
                // Its metadata was taken when it was followed and only a rename (its own hook) changes it; the
                // one at hand may be poorer (from an event's attributes, once the container is removed).
                existing.requestStop();
            } else {
                existing.context().update(c);
                existing.cancelStop();
            }
            return;
        }
        ContainerSettings settings = ContainerSettings.resolve(config, c);
        if (settings.exclude()) {
            LOG.info("container {} ({}) excluded from log collection", c.name(), c.shortId());
            closeQuietly(held);
            return;
        }
        if (c.logDriver() != null && !c.logDriver().equals("json-file")) {
            LOG.warn("container {} uses the {} log driver; only json-file logs can be read directly", c.name(), c.logDriver());
            closeQuietly(held);
            return;
        }
        Path log = Path.of(config.containersDir(), c.id(), c.id() + "-json.log");
        SourceContext ctx = new SourceContext(hostName, parsers.create(settings.parser()), settings.multiline(), afterParse, "container",
                c.id(), "_jsonparsefailure", c);
        FileTailer[] self = new FileTailer[1];
        FileTailer.LossCheck lossCheck = new FileTailer.LossCheck(losses, c.name() + " (" + c.shortId() + ")",
                ContainerConfigFile.maxLogSize(log.getParent()));
        FileTailer t = new FileTailer(c.shortId(), log, new JsonFileFormat(), ctx, publisher, registry,
                config.maxLineBytes().bytes(), false, () -> containers.remove(c.id(), self[0]), lossCheck);
        self[0] = t;
        if (held != null) {
            t.offer(held);
        }
        if (stopped) {
            t.requestStop();
        }
        containers.put(c.id(), t);
        startRotationWatcher();
        LOG.info("following container {} ({}) {}: parser {}, multiline {}", c.name(), c.shortId(), stopped ? "to the end of its log" : "",
                settings.parser(), settings.multiline().type());
        t.start();
    }

    private static void closeQuietly(HeldFile held) {
        if (held != null) {
            held.close();
        }
    }

    /**
     * One thread that looks at every followed file every few milliseconds while it is written and
     * holds new rotated files open at once ({@link FileTailer#watch}), independently of the readers:
     * a reader may be slow or blocked by a full output queue, but a rotated file is held from the
     * moment it appears, so Docker deleting it (max-file) loses nothing.
     */
    private synchronized void startRotationWatcher() {
        if (rotationWatcher != null || closed) {
            return;
        }
        rotationWatcher = new Thread(() -> {
            long lastPass = System.nanoTime();
            long lastWarning = 0;
            long worstLate = 0;
            while (!closed) {
                long now = System.nanoTime();
                long late = now - lastPass - FileTailer.WATCH_QUIET_NANOS;
                lastPass = now;
                worstLate = Math.max(worstLate, late);
                if (worstLate > WATCH_LATE_WARN_NANOS && now - lastWarning > TimeUnit.SECONDS.toNanos(10)) {
                    // The process did not run (CPU starvation, GC pause): a file Docker created and deleted meanwhile was not held.
                    LOG.warn("logs: the rotation watcher ran up to {} ms late; lines of files rotated and deleted meanwhile (max-file) may be lost",
                            TimeUnit.NANOSECONDS.toMillis(worstLate));
                    lastWarning = now;
                    worstLate = 0;
                }
                long next = now + FileTailer.WATCH_QUIET_NANOS;
                for (FileTailer t : containers.values()) {
                    next = Math.min(next, watch(t, now));
                }
                for (FileTailer t : files.values()) {
                    next = Math.min(next, watch(t, now));
                }
                long sleepNanos = next - System.nanoTime();
                if (sleepNanos > 0) {
                    try {
                        Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "logs-rotation-watcher");
        rotationWatcher.setDaemon(true);
        rotationWatcher.start();
    }

    /** One tailer's look; a failure there must not stop the watcher for every other file. */
    private static long watch(FileTailer t, long now) {
        try {
            return t.watch(now);
        } catch (RuntimeException e) {
            LOG.warn("logs: rotation watcher: {}", e.toString(), e);
            return now + FileTailer.WATCH_QUIET_NANOS;
        }
    }

    /** The containers whose log is being read now. */
    public int followedContainers() {
        return containers.size();
    }

    private void scanLoop() {
        while (!closed) {
            for (FileInputConfig input : config.files()) {
                scan(input.paths(), input.parser(), input.multiline(), new PlainFormat(), "_decodefailure");
            }
            if (!config.cri().paths().isEmpty()) {
                scan(config.cri().paths(), config.cri().parser(), config.cri().multiline(), new CriFormat(), "_criparsefailure");
            }
            try {
                Thread.sleep(SCAN_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void scan(List<String> globs, String parser, MultilineConfig multiline, LineFormat format, String brokenTag) {
        for (String glob : globs) {
            for (Path p : expand(glob)) {
                FileTailer existing = files.get(p);
                if (existing != null && existing.isAlive()) {
                    continue;
                }
                SourceContext ctx = new SourceContext(hostName, parsers.create(parser), multiline, afterParse, "file", p.toString(), brokenTag, null);
                FileTailer[] self = new FileTailer[1];
                FileTailer t = new FileTailer(p.getFileName().toString(), p, format, ctx, publisher, registry,
                        config.maxLineBytes().bytes(), true, () -> files.remove(p, self[0]));
                self[0] = t;
                files.put(p, t);
                LOG.info("following file {}", p);
                t.start();
            }
        }
    }

    /** The regular files an absolute glob matches now. */
    static List<Path> expand(String glob) {
        Path pattern = Path.of(glob);
        Path root = pattern.getRoot();
        int depth = 0;
        for (int i = 0; i < pattern.getNameCount(); i++) {
            String part = pattern.getName(i).toString();
            if (part.contains("*") || part.contains("?") || part.contains("[") || part.contains("{")) {
                depth = pattern.getNameCount() - i;
                break;
            }
            root = root.resolve(part);
        }
        if (depth == 0) {
            return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        int maxDepth = glob.contains("**") ? Integer.MAX_VALUE : depth;
        try (Stream<Path> walk = Files.walk(root, maxDepth, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(matcher::matches).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (folderWatcher != null) {
            folderWatcher.close();
        }
        if (scanner != null) {
            scanner.interrupt();
        }
        if (rotationWatcher != null) {
            rotationWatcher.interrupt();
        }
        List<FileTailer> all = Stream.concat(containers.values().stream(), files.values().stream()).toList();
        all.forEach(FileTailer::close);
        for (FileTailer t : all) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
