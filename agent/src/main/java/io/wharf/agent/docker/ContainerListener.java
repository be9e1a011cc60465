package io.wharf.agent.docker;

/** Told when a container appears in or leaves the {@link ContainerDirectory}. */
public interface ContainerListener {
    /** A running container the agent now follows (at start, or on a Docker start event). */
    void containerStarted(ContainerInfo container);

    /** The container stopped or was removed; {@code container} is the last known state. */
    void containerStopped(ContainerInfo container);
}
