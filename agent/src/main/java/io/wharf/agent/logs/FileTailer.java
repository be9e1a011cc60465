package io.wharf.agent.logs;

import io.wharf.agent.registry.Registry;
import io.wharf.core.pipeline.Publisher;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one log file and its rotations on its own thread: a container's
 * {@code <id>-json.log} with Docker's {@code <id>-json.log.1, .2...}, or a plain file with
 * logrotate's renamed copies.
 *
 * <ul>
 *   <li>Files are read oldest first: a rotated file is finished (read to its end through the
 *       descriptor still open, even once deleted) before the next one is opened.</li>
 *   <li>Each file resumes from the registry by its identity (device + inode + head fingerprint),
 *       so renaming does not re-read it and a reused inode is not mistaken for it.</li>
 *   <li>copytruncate: a file that shrinks below the read offset is read again from the start.</li>
 *   <li>When asked to stop (the container stopped), it reads to the end, waits for the size to
 *       settle, sends every pending event and exits.</li>
 * </ul>
 */
final class FileTailer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FileTailer.class);
    private static final Pattern NUMBERED = Pattern.compile("\\d+");
    private static final long STOP_SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long GONE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * Longest wait of a reader with nothing to read. It is woken sooner: by the rotation watcher as
     * soon as the live file changes (the watcher stats every file anyway), by a stop request, or
     * when a multiline event falls due. One poller for all files instead of one per reader keeps
     * quiet containers nearly free (docs/benchmarks.md, "Following quiet containers").
     */
    private static final long QUIET_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Wait while a stop settles (its checks are timed, not woken). */
    private static final long STOPPING_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * How often the rotation watcher looks at a live file. Docker rotates by size and deletes a file
     * {@code max-file} rotations after creating it, so what matters is how many bytes can be written
     * between two looks: a file that grows is looked at again before {@link #WATCH_GROWTH_BYTES}
     * more could be written at the rate just seen, within [{@link #WATCH_ACTIVE_NANOS},
     * {@link #WATCH_IDLE_NANOS}].
     */
    static final long WATCH_GROWTH_BYTES = 4096;
    static final long WATCH_ACTIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** A file that did not change since the last look: it may be between two bursts of a fast writer. */
    static final long WATCH_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * The longest interval: for a slow writer, or a file that has not changed for {@link #IDLE_AFTER_NANOS}.
     * Its live file is already held, so only files created after a burst starts are at risk, and
     * the first look after the burst starts sees it and looks again soon: a burst would have to write 2
     * whole files ({@code max-size}) in 200 ms to be missed (1.5 MB/s with 100k files, far above
     * the steady limit in docs/logs.md).
     */
    static final long WATCH_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long IDLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Rotated files held open (deleted ones still take disk space) while the reader is behind. */
    static final int MAX_HELD_FILES = 64;

    private final String name;
    private final Path base;
    private final LineFormat format;
    private final SourceContext context;
    private final Publisher publisher;
    private final Registry registry;
    private final int maxRawBytes;
    private final long maxLineBytes;
    private final boolean exitWhenGone;
    private final Runnable onExit;
    private final LossCheck losses;
    /** Whether the previous run's registry entries of this rotation set were compared with the files there now. */
    private boolean checkedPreviousRun;
    /** Files seen but not held (the hold limit): id -> {size, resume offset}; reported lost if they go before they are held. */
    private final Map<String, long[]> unheld = new HashMap<>();
    private volatile boolean closed;
    private volatile long stopRequestedAt = -1;
    private volatile Thread thread;

    private LineReader current;
    private EventAssembler assembler;
    /** Guards {@link #queued}, {@link #queuedIds} and {@link #currentId}: the watcher thread holds files while this one reads. */
    private final Object holdLock = new Object();
    private final ArrayDeque<LineReader> queued = new ArrayDeque<>();
    /** Files opened the moment they appeared ({@link #offer}) whose head is not complete yet; guarded by {@link #holdLock}. */
    private final List<HeldFile> pending = new ArrayList<>();
    private final Set<String> queuedIds = new HashSet<>();
    private String currentId;
    /** Watcher state (rotation watcher thread only): the live file as last seen, and whether it is already held. */
    private long seenInode = -1;
    private long seenSize = -1;
    private long lastChangeNanos;
    private long lastWatchNanos;
    private long heldInode = -1;
    private long nextWatchNanos;
    private boolean exited;
    private boolean warnedFull;
    /**
     * The live file (inode, size) when a pass found it alone and without a complete first line (a
     * container that has written nothing yet): until it changes, another pass would find the same,
     * so it is not repeated. Guarded by {@link #holdLock}.
     */
    private long[] emptyPassLive;

    /**
     * How this source's unreadable lines are reported ({@link LogLosses}).
     *
     * @param source        the container ({@code name (short id)}) or file, as the WARN names it
     * @param rotateAtBytes the size at which the files are rotated (Docker's {@code max-size}), -1 if unknown: a
     *                      rotated file is at least that long, which bounds what was not read of it
     */
    record LossCheck(LogLosses losses, String source, long rotateAtBytes) {
    }

    FileTailer(String name, Path base, LineFormat format, SourceContext context, Publisher publisher, Registry registry,
               long maxLineBytes, boolean exitWhenGone, Runnable onExit) {
        this(name, base, format, context, publisher, registry, maxLineBytes, exitWhenGone, onExit, null);
    }

    /** @param losses where loss is reported; null: not checked (plain files, whose rotation is not known) */
    FileTailer(String name, Path base, LineFormat format, SourceContext context, Publisher publisher, Registry registry,
               long maxLineBytes, boolean exitWhenGone, Runnable onExit, LossCheck losses) {
        this.losses = losses;
        this.name = name;
        this.base = base;
        this.format = format;
        this.context = context;
        this.publisher = publisher;
        this.registry = registry;
        this.maxLineBytes = maxLineBytes;
        // A json-file record escapes its text (up to 6 bytes a character) around 16 KiB chunks.
        this.maxRawBytes = (int) Math.min(Integer.MAX_VALUE - 64, Math.max(256 * 1024, maxLineBytes + 4096));
        this.exitWhenGone = exitWhenGone;
        this.onExit = onExit;
    }

    void start() {
        thread = new Thread(this, "logs-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    SourceContext context() {
        return context;
    }

    /** Read to the end, then exit (the container stopped). */
    void requestStop() {
        if (stopRequestedAt < 0) {
            stopRequestedAt = System.nanoTime();
        }
        wake();
    }

    /** Ends a reader's wait for new data (it looks at its file again). Any thread. */
    private void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * A file of this source opened the moment it appeared ({@link ContainerLogWatcher}): queued
     * like a file the watcher holds, once its first line is complete. Any thread.
     */
    void offer(HeldFile file) {
        synchronized (holdLock) {
            if (exited || pending.size() >= MAX_HELD_FILES) {
                file.close();
                return;
            }
            pending.add(file);
        }
        wake();
    }

    /** The container started again before the tailer finished: keep following. */
    void cancelStop() {
        stopRequestedAt = -1;
    }

    boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    @Override
    public void run() {
        long goneSince = -1;
        long lastIdleCheck = System.nanoTime();
        try {
            while (!closed) {
                if (current == null && !openNext()) {
                    if (stopRequestedAt >= 0 && System.nanoTime() - stopRequestedAt > STOP_SETTLE_NANOS) {
                        return;
                    }
                    if (exitWhenGone && !Files.exists(base)) {
                        goneSince = goneSince < 0 ? System.nanoTime() : goneSince;
                        if (System.nanoTime() - goneSince > GONE_EXIT_NANOS) {
                            return;
                        }
                    }
                    waitForData();
                    continue;
                }
                goneSince = -1;
                boolean progressed = readAvailable();
                long now = System.nanoTime();
                if (progressed) {
                    if (now - lastIdleCheck > TimeUnit.MILLISECONDS.toNanos(20)) {
                        assembler.flushIdle(now, current.offset());
                        lastIdleCheck = now;
                    }
                    continue;
                }
                assembler.flushIdle(now, current.offset());
                lastIdleCheck = now;
                if (!isSameFile(base, current)) {
                    // Rotated away or deleted: nothing more will be written to it. Finish it.
                    readAvailable();
                    finishCurrent();
                    continue;
                }
                if (current.size() < current.offset()) {
                    LOG.info("{}: {} was truncated (copytruncate); reading it again from the start", name, current.path());
                    finishCurrent();
                    continue;
                }
                if (stopRequestedAt >= 0 && now - stopRequestedAt > STOP_SETTLE_NANOS) {
                    finishCurrent();
                    if (nothingHeld()) {
                        return;
                    }
                    continue; // a file held late (after a newer one was opened) is still read
                }
                waitForData();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // The pipeline's queues are closed: the agent is shutting down.
            LOG.debug("{}: pipeline closed", name);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.error("{}: stopped reading {}: {}", name, base, e.toString(), e);
            }
        } finally {
            closeCurrent();
            synchronized (holdLock) {
                exited = true;
                for (LineReader r : queued) {
                    registry.release(r.identity().id());
                    try {
                        r.close();
                    } catch (IOException ignored) {
                        // read-only descriptor
                    }
                }
                queued.clear();
                queuedIds.clear();
                pending.forEach(HeldFile::close);
                pending.clear();
            }
            onExit.run();
        }
    }

    private boolean nothingHeld() {
        synchronized (holdLock) {
            promotePending();
            return queued.isEmpty();
        }
    }

    /** Nothing to read: waits until woken ({@link #wake}), a multiline event falls due, or the longest wait passes. */
    private void waitForData() throws InterruptedException {
        long now = System.nanoTime();
        long until = now + (stopRequestedAt >= 0 ? STOPPING_WAIT_NANOS : QUIET_WAIT_NANOS);
        if (assembler != null) {
            until = Math.min(until, assembler.nextIdleFlushNanos());
        }
        if (until > now && !closed) {
            LockSupport.parkNanos(this, until - now);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private boolean readAvailable() throws IOException, InterruptedException {
        boolean progressed = current.readAvailable((buf, off, len, start, end, cut) ->
                assembler.record(format.decode(buf, off, len), start, end, cut));
        registry.read(current.identity().id(), current.offset());
        return progressed;
    }

    private void finishCurrent() throws InterruptedException {
        assembler.flushAll(current.offset());
        registry.read(current.identity().id(), current.offset());
        closeCurrent();
    }

    private void closeCurrent() {
        if (current != null) {
            synchronized (holdLock) {
                currentId = null;
            }
            registry.release(current.identity().id());
            try {
                current.close();
            } catch (IOException ignored) {
                // read-only descriptor
            }
            current = null;
            assembler = null;
        }
    }

    /** Opens the oldest file of the rotation set not read to its end; false if there is none yet. */
    private boolean openNext() throws IOException {
        LineReader r;
        synchronized (holdLock) {
            if (queued.isEmpty()) {
                holdRotated(inodeAndSize(base));
            }
            r = queued.pollFirst();
            if (r == null) {
                return false;
            }
            queuedIds.remove(r.identity().id());
            currentId = r.identity().id();
        }
        current = r;
        SourceOutput out = new SourceOutput(context, publisher, registry, r.identity(), r.path(), r.offset());
        assembler = new EventAssembler(context.multiline(), maxLineBytes, out);
        LOG.debug("{}: reading {} from offset {}", name, r.path(), r.offset());
        return true;
    }

    /**
     * Called by the rotation watcher every few milliseconds, on its own thread: when the live file
     * was replaced (rotated) or is not held yet, holds every new file of the rotation set at once,
     * so a file Docker rotates out and deletes while this tailer's thread is busy (reading an older
     * file, or blocked by a full output queue) is still read. Only one {@code stat} of the live file
     * when nothing changed.
     *
     * @return when to look again: soon while the file changes, less often while it is quiet, and
     *         least often once it has been idle for a while
     */
    long watch(long now) {
        // Due within the next active interval: looked at now (early is harmless), so the files share
        // the watcher's wake-ups instead of each waking it on its own schedule.
        if (now < nextWatchNanos - WATCH_ACTIVE_NANOS) {
            return nextWatchNanos;
        }
        long[] live = inodeAndSize(base); // null when not there (yet): nothing to hold
        long inode = live == null ? -1 : live[0];
        long size = live == null ? -1 : live[1];
        boolean changed = inode != seenInode || size != seenSize;
        long previousInode = seenInode;
        long previousSize = seenSize;
        seenInode = inode;
        seenSize = size;
        if (changed) {
            wake();
        }
        if (inode >= 0 && inode != heldInode) {
            try {
                synchronized (holdLock) {
                    if (!exited) {
                        heldInode = holdRotated(live);
                    }
                }
            } catch (IOException e) {
                LOG.debug("{}: cannot list the rotation set of {}: {}", name, base, e.toString());
            }
        } else {
            synchronized (holdLock) {
                if (!pending.isEmpty() && promotePending()) {
                    wake();
                }
            }
        }
        nextWatchNanos = now + nextWatchInterval(changed, inode == previousInode ? size - previousSize : -1, now);
        lastWatchNanos = now;
        if (changed) {
            lastChangeNanos = now;
        }
        return nextWatchNanos;
    }

    /** @param grown bytes the live file grew since the last look, or -1 if it was replaced or shrank */
    private long nextWatchInterval(boolean changed, long grown, long now) {
        if (!changed) {
            return now - lastChangeNanos < IDLE_AFTER_NANOS ? WATCH_QUIET_NANOS : WATCH_IDLE_NANOS;
        }
        if (grown <= 0) {
            return WATCH_ACTIVE_NANOS; // rotated, truncated or appeared: look closely until it settles
        }
        // Time to write WATCH_GROWTH_BYTES at the rate since the last look (double arithmetic: no overflow).
        double nanos = (double) WATCH_GROWTH_BYTES * (now - lastWatchNanos) / grown;
        return (long) Math.max(WATCH_ACTIVE_NANOS, Math.min(WATCH_IDLE_NANOS, nanos));
    }

    /**
     * Opens, and holds open, every file of the rotation set not yet read to its end, oldest first.
     * Holding the descriptor is what keeps a file Docker rotates out and deletes (max-file) readable
     * while the reader is still busy with an older one. Called with {@link #holdLock} held.
     *
     * <p>A rotation can happen in the middle of a pass (names move under it): a file may then be
     * missed, or found after a newer one. So a pass counts only if the live file is the same at
     * its start and its end; otherwise it is repeated, and the queue is kept in rotation order.
     *
     * @param live the live file's {inode, size} just read by the caller (null if it is missing)
     * @return the inode of the live file if it is now held or being read, else -1 (no complete
     *         first line yet, or the set kept moving: look again soon)
     */
    private long holdRotated(long[] live) throws IOException {
        promotePending();
        for (int attempt = 0; attempt < 5; attempt++) {
            long[] before = attempt == 0 ? live : inodeAndSize(base);
            if (before != null && Arrays.equals(before, emptyPassLive)) {
                return -1;
            }
            Map<String, Integer> order = new HashMap<>();
            PassResult pass = holdPass(order);
            sortQueued(order);
            if (before != null && before[0] == inodeOf(base)) {
                reportGone(order.keySet());
                emptyPassLive = pass.emptyBaseAlone ? before : null;
                return pass.baseHeld;
            }
        }
        emptyPassLive = null;
        return -1;
    }

    /**
     * Queues the files offered since they appeared whose first line is now complete (read
     * through their descriptor: they may be deleted already). Called with {@link #holdLock} held.
     *
     * @return whether one was queued
     */
    private boolean promotePending() {
        boolean queuedOne = false;
        for (var it = pending.iterator(); it.hasNext(); ) {
            HeldFile f = it.next();
            LineReader r;
            try {
                r = LineReader.ofHeld(f, maxRawBytes);
            } catch (IOException e) {
                LOG.debug("{}: cannot read the head of {}: {}", name, f.path(), e.toString());
                f.close();
                it.remove();
                continue;
            }
            if (r == null) {
                continue; // no complete first line yet
            }
            it.remove();
            String id = r.identity().id();
            if (id.equals(currentId) || queuedIds.contains(id) || !registry.claim(id)) {
                f.close(); // already held by name
                continue;
            }
            long resume = registry.resumeOffset(id).orElse(0L);
            try {
                r.seek(resume > r.size() ? 0 : resume);
            } catch (IOException e) {
                r.seek(0);
            }
            LOG.debug("{}: holding {} ({}), opened when it appeared, from offset {}", name, f.path(), id, resume);
            queued.addLast(r);
            queuedIds.add(id);
            queuedOne = true;
        }
        return queuedOne;
    }

    /**
     * After a stable pass ({@code present}: the identities of every file of the rotation set now):
     * reports what cannot be read any more. The previous run's registry entries of files no longer
     * there (rotated away while the agent was down), once; and files seen but never held that are gone.
     */
    private void reportGone(java.util.Set<String> present) {
        if (losses == null) {
            return;
        }
        if (!checkedPreviousRun) {
            checkedPreviousRun = true;
            for (Registry.Entry e : registry.previousRunEntries(base)) {
                if (present.contains(e.source())) {
                    continue;
                }
                registry.forget(e.source());
                long rotateAt = losses.rotateAtBytes();
                // Gone means rotated out, so it reached max-size; Docker rotates at the first record end at or past it,
                // so an offset at or past max-size is the file's end: all of it was read.
                if (rotateAt > 0 && e.offset() >= rotateAt) {
                    continue;
                }
                long lost = rotateAt > 0 ? rotateAt - e.offset() : -1;
                losses.losses().report(LogLosses.Reason.GONE_AT_RESTART, losses.source(), e.path(), e.offset(), lost,
                        "Docker rotated it away (max-file) while the agent was not running"
                                + (rotateAt > 0 ? "; whole files rotated away after it, if any, are not counted" : ""));
            }
        }
        for (var it = unheld.entrySet().iterator(); it.hasNext(); ) {
            var u = it.next();
            if (!present.contains(u.getKey())) {
                it.remove();
                long[] sizeAndResume = u.getValue();
                losses.losses().report(LogLosses.Reason.NOT_HELD, losses.source(), base + " (rotated, " + u.getKey() + ")",
                        sizeAndResume[1], sizeAndResume[0] - sizeAndResume[1],
                        "deleted before it was read: " + MAX_HELD_FILES + " unread files were held already (the output is far behind)");
            }
        }
    }

    /** What one pass over the rotation set found: the live file's inode if held, and whether it was empty and alone. */
    private record PassResult(long baseHeld, boolean emptyBaseAlone) {
    }

    private PassResult holdPass(Map<String, Integer> order) throws IOException {
        long baseHeld = -1;
        List<Path> set = rotationSet(base);
        for (int i = 0; i < set.size(); i++) {
            Path p = set.get(i);
            LineReader r = LineReader.open(p, maxRawBytes);
            if (r == null) {
                if (set.size() == 1) {
                    return new PassResult(-1, true);
                }
                continue;
            }
            String id = r.identity().id();
            order.put(id, i);
            if (id.equals(currentId) || queuedIds.contains(id)) {
                if (p.equals(base)) {
                    baseHeld = r.identity().inode();
                }
                r.close();
                continue;
            }
            long size = r.size();
            long resume = registry.resumeOffset(id).orElse(0L);
            if (resume > size) {
                resume = 0; // truncated in place since it was read
            }
            if (queued.size() >= MAX_HELD_FILES) {
                if (resume < size && !p.equals(base)) {
                    unheld.put(id, new long[] {size, resume});
                }
                if (!warnedFull) {
                    LOG.warn("{}: already holding {} unread files of {}; not holding more (the output is far behind: "
                            + "lines of files deleted meanwhile are lost)", name, queued.size(), base);
                    warnedFull = true;
                }
                r.close();
                continue;
            }
            warnedFull = false;
            unheld.remove(id);
            if ((resume < size || p.equals(base)) && registry.claim(id)) {
                r.seek(resume);
                LOG.debug("{}: holding {} ({}) from offset {} of {}", name, p, id, resume, size);
                queued.addLast(r);
                queuedIds.add(id);
                if (p.equals(base)) {
                    baseHeld = r.identity().inode();
                }
            } else {
                r.close();
            }
        }
        return new PassResult(baseHeld, false);
    }

    /**
     * Puts the held files back in rotation order (their place in the last listing; files no
     * longer listed were deleted, so they are older than any listed one and keep their order).
     */
    private void sortQueued(Map<String, Integer> order) {
        if (queued.size() < 2) {
            return;
        }
        List<LineReader> all = new ArrayList<>(queued);
        all.sort(Comparator.comparingInt(r -> order.getOrDefault(r.identity().id(), -1)));
        queued.clear();
        queued.addAll(all);
    }

    /** {inode, size} of a file, or null if it cannot be read. */
    private static long[] inodeAndSize(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:ino,size");
            return new long[] {((Number) a.get("ino")).longValue(), ((Number) a.get("size")).longValue()};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long inodeOf(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code base} and its rotated copies, oldest first: {@code base.3, base.2, base.1, base}. */
    static List<Path> rotationSet(Path base) throws IOException {
        List<Path> rotated = new ArrayList<>();
        String prefix = base.getFileName().toString() + ".";
        // A prefix filter rather than a glob: a glob is compiled to a regex at every listing.
        DirectoryStream.Filter<Path> rotatedCopies = p -> p.getFileName().toString().startsWith(prefix);
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(base.getParent(), rotatedCopies)) {
            for (Path p : dir) {
                String suffix = p.getFileName().toString().substring(prefix.length());
                if (!suffix.endsWith(".gz") && !suffix.endsWith(".tmp")) {
                    rotated.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        // Numbered copies (Docker, logrotate): higher is older. Dated copies (kubelet): earlier is older.
        rotated.sort(Comparator.comparing((Path p) -> suffixOrder(prefix, p)).reversed());
        List<Path> all = new ArrayList<>(rotated);
        all.add(base);
        return all;
    }

    private static String suffixOrder(String prefix, Path p) {
        String suffix = p.getFileName().toString().substring(prefix.length());
        if (NUMBERED.matcher(suffix).matches()) {
            return "1" + String.format("%019d", Long.parseLong(suffix));
        }
        return "0" + invert(suffix);
    }

    private static String invert(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append((char) (0xFFFF - c));
        }
        return sb.toString();
    }

    private static boolean isSameFile(Path base, LineReader reader) {
        try {
            Map<String, Object> a = Files.readAttributes(base, "unix:dev,ino");
            return ((Number) a.get("ino")).longValue() == reader.identity().inode()
                    && ((Number) a.get("dev")).longValue() == reader.identity().device();
        } catch (IOException e) {
            return false;
        }
    }

    void close() {
        closed = true;
        wake();
    }

    void join(long millis) throws InterruptedException {
        if (thread != null) {
            thread.join(millis);
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
    }
}
