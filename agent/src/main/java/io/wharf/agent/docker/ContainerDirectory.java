package io.wharf.agent.docker;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The containers the agent follows right now, kept up to date by discovery and read by log
 * collection, metrics collection and the HTTP API. Listeners are told of every change.
 */
public final class ContainerDirectory {
    private final Map<String, ContainerInfo> running = new ConcurrentHashMap<>();
    private final List<ContainerListener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(ContainerListener listener) {
        listeners.add(listener);
    }

    /** Adds or updates a running container; listeners hear of it only the first time. */
    public void started(ContainerInfo container) {
        ContainerInfo before = running.put(container.id(), container);
        if (before == null) {
            for (ContainerListener l : listeners) {
                l.containerStarted(container);
            }
        }
    }

    public void stopped(String id) {
        ContainerInfo gone = running.remove(id);
        if (gone != null) {
            for (ContainerListener l : listeners) {
                l.containerStopped(gone);
            }
        }
    }

    public Collection<ContainerInfo> all() {
        return List.copyOf(running.values());
    }

    /** By full id, id prefix or name. */
    public Optional<ContainerInfo> find(String idOrName) {
        ContainerInfo exact = running.get(idOrName);
        if (exact != null) {
            return Optional.of(exact);
        }
        return running.values().stream()
                .filter(c -> c.id().startsWith(idOrName) || c.name().equals(idOrName))
                .findFirst();
    }

    public int size() {
        return running.size();
    }
}
