package io.wharf.agent.metrics;

import io.wharf.agent.docker.ContainerInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory history: a ring of recent samples per container and one for the host. Written by
 * the collector, read by the HTTP API and the point builder.
 */
public final class MetricsStore {
    /** One container's identity (as last seen) and its recent samples. */
    public record Series(ContainerInfo container, SampleRing<ContainerSample> samples) {
    }

    private final int capacity;
    private final Map<String, Series> containers = new ConcurrentHashMap<>();
    private final SampleRing<HostSample> host;

    public MetricsStore(int capacity) {
        this.capacity = capacity;
        this.host = new SampleRing<>(capacity);
    }

    public Series series(ContainerInfo container) {
        Series s = containers.compute(container.id(), (id, old) ->
                old == null ? new Series(container, new SampleRing<>(capacity))
                        : old.container() == container ? old : new Series(container, old.samples()));
        return s;
    }

    public Collection<Series> all() {
        return List.copyOf(containers.values());
    }

    public Optional<Series> find(String idOrName) {
        Series exact = containers.get(idOrName);
        if (exact != null) {
            return Optional.of(exact);
        }
        return containers.values().stream()
                .filter(s -> s.container().id().startsWith(idOrName) || s.container().name().equals(idOrName))
                .findFirst();
    }

    public void remove(String id) {
        containers.remove(id);
    }

    public SampleRing<HostSample> host() {
        return host;
    }

    public int capacity() {
        return capacity;
    }
}
