package io.wharf.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the containers of one Docker engine: lists the running ones, then follows the events
 * stream (start, die, destroy, rename). When the stream breaks (the engine restarted, the socket
 * went away) it reconnects with backoff, lists again, and reconciles: containers that stopped
 * meanwhile are reported stopped, new ones started, and containers that ran and exited while
 * it was away are handed to {@link DiscoveryHooks#stoppedContainer} so their logs are still
 * read. A {@code dockerd} restart therefore never stops collection.
 */
public final class DockerDiscovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerDiscovery.class);
    /** How far back the event stream is replayed when it is (re)opened: covers the time the subscription takes to start. */
    private static final Duration EVENTS_REPLAY = Duration.ofSeconds(2);

    private final DockerConfig config;
    private final ContainerDirectory directory;
    private final DiscoveryHooks hooks;
    private final DockerClient client;
    private final Optional<String> self;
    private final Backoff backoff;
    /** Containers that exited after this instant may have logs nobody read: set to when the agent or its connection was last there. */
    private volatile Instant backfillSince;
    private volatile boolean closed;
    private volatile ResultCallback.Adapter<Event> stream;
    private volatile boolean connected;
    private final CountDownLatch firstSync = new CountDownLatch(1);
    private Thread thread;

    /**
     * @param previousRunLastSeen when a previous run of the agent was last alive (registry), or null on a first run
     */
    public DockerDiscovery(DockerConfig config, ContainerDirectory directory, DiscoveryHooks hooks, Instant previousRunLastSeen) {
        this.config = config;
        this.directory = directory;
        this.hooks = hooks;
        this.client = DockerClients.create(config);
        this.self = config.selfToExclude();
        this.backoff = new Backoff(java.time.Duration.ofMillis(100), config.reconnectMax());
        this.backfillSince = previousRunLastSeen;
    }

    /** Starts following; returns once the first listing is done or {@code waitMillis} passed (the engine may be away). */
    public void start(long waitMillis) throws InterruptedException {
        thread = new Thread(this::run, "docker-discovery");
        thread.setDaemon(true);
        thread.start();
        if (!firstSync.await(waitMillis, TimeUnit.MILLISECONDS)) {
            LOG.warn("docker: {} does not answer yet; containers will be followed once it does", config.host());
        }
    }

    public boolean connected() {
        return connected;
    }

    private void run() {
        boolean reportedDown = false;
        while (!closed) {
            CountDownLatch ended = new CountDownLatch(1);
            try {
                client.pingCmd().exec();
                // Subscribe before listing so that nothing between the two is missed; handling is idempotent.
                // exec() only starts the request: events from a little before it are asked for again
                // (since), so a container that starts while the subscription is still being set up
                // is not missed between the listing and the first event.
                String since = Long.toString(Instant.now().minus(EVENTS_REPLAY).getEpochSecond());
                stream = client.eventsCmd().withSince(since).withEventTypeFilter(EventType.CONTAINER)
                        .withEventFilter("start", "die", "destroy", "rename")
                        .exec(new ResultCallback.Adapter<>() {
                            @Override
                            public void onNext(Event event) {
                                handle(event);
                            }

                            @Override
                            public void onError(Throwable t) {
                                if (!closed) {
                                    LOG.warn("docker: event stream broke: {}", t.toString());
                                }
                                ended.countDown();
                            }

                            @Override
                            public void onComplete() {
                                ended.countDown();
                            }
                        });
                Set<String> running = reconcile();
                connected = true;
                hooks.engineBack(running);
                backoff.reset();
                if (reportedDown) {
                    LOG.info("docker: reconnected to {}; following {} containers", config.host(), directory.size());
                    reportedDown = false;
                }
                firstSync.countDown();
                ended.await();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!reportedDown && !closed) {
                    LOG.warn("docker: cannot reach {} ({}); retrying with backoff up to {}", config.host(), e.getMessage(),
                            config.reconnectMax());
                }
                reportedDown = true;
            }
            if (connected) {
                connected = false;
                reportedDown = true;
                if (!closed) {
                    hooks.engineAway();
                }
                // Containers that exit from now until we are back are found by the next listing.
                backfillSince = Instant.now();
            }
            closeStream();
            if (closed) {
                return;
            }
            try {
                Thread.sleep(backoff.nextMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Lists the engine's containers and brings the directory in line with them; returns the running ones. */
    private Set<String> reconcile() {
        // Known before the listing: only these can be stopped by it. A container the event stream
        // reports while the listing is under way is newer than the listing and must not be dropped
        // for being absent from it (it would never be seen again: its start event is spent).
        Set<String> knownBefore = new HashSet<>();
        directory.all().forEach(c -> knownBefore.add(c.id()));
        List<Container> all = client.listContainersCmd().withShowAll(true).exec();
        Set<String> running = new HashSet<>();
        Instant since = backfillSince;
        for (Container c : all) {
            if (isSelf(c.getId())) {
                continue;
            }
            boolean isRunning = "running".equals(c.getState());
            if (isRunning) {
                running.add(c.getId());
                if (directory.find(c.getId()).filter(i -> i.id().equals(c.getId())).isEmpty()) {
                    inspect(c.getId()).ifPresent(this::report);
                }
            } else if (since != null && ("exited".equals(c.getState()) || "dead".equals(c.getState()))) {
                inspectFull(c.getId()).ifPresent(r -> {
                    Instant finished = ContainerInspector.finishedAt(r);
                    if (finished == null || finished.isAfter(since.minusSeconds(60))) {
                        hooks.stoppedContainer(ContainerInspector.toInfo(r), finished);
                    }
                });
            }
        }
        for (ContainerInfo known : directory.all()) {
            if (knownBefore.contains(known.id()) && !running.contains(known.id())) {
                directory.stopped(known.id());
            }
        }
        backfillSince = null;
        return running;
    }

    private void handle(Event event) {
        String id = event.getId() != null ? event.getId() : event.getActor() == null ? null : event.getActor().getId();
        if (id == null || isSelf(id)) {
            return;
        }
        String action = event.getAction() != null ? event.getAction() : event.getStatus();
        try {
            switch (action == null ? "" : action) {
                case "start" -> inspect(id).ifPresentOrElse(this::report, () -> {
                    // Already removed (--rm): its log may have been held from the containers folder
                    // (see ContainerLogWatcher); the event's attributes are all that is left of its metadata.
                    Map<String, String> attributes = event.getActor() == null ? null : event.getActor().getAttributes();
                    hooks.stoppedContainer(ContainerInspector.fromEventAttributes(id, attributes), null);
                });
                case "die", "destroy" -> directory.stopped(id);
                case "rename" -> inspect(id).ifPresent(info -> {
                    if (directory.find(id).isPresent()) {
                        directory.started(info);
                        hooks.renamed(info);
                    }
                });
                default -> {
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("docker: cannot handle {} of {}: {}", action, id, e.toString());
        }
    }

    /** A container seen starting: running, or already gone again (a short-lived one), whose log is still read. */
    private void report(ContainerInfo info) {
        if (info.running()) {
            directory.started(info);
        } else {
            hooks.stoppedContainer(info, null);
        }
    }

    private Optional<ContainerInfo> inspect(String id) {
        return inspectFull(id).map(ContainerInspector::toInfo);
    }

    private Optional<InspectContainerResponse> inspectFull(String id) {
        try {
            return Optional.of(client.inspectContainerCmd(id).exec());
        } catch (NotFoundException e) {
            return Optional.empty(); // removed meanwhile
        }
    }

    private boolean isSelf(String id) {
        return self.isPresent() && self.get().equals(id);
    }

    private void closeStream() {
        ResultCallback.Adapter<Event> s = stream;
        stream = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException | RuntimeException ignored) {
                // already broken
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeStream();
        if (thread != null) {
            thread.interrupt();
        }
        try {
            client.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
