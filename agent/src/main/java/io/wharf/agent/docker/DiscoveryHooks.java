package io.wharf.agent.docker;

import java.time.Instant;

/**
 * What discovery tells beyond the running set of {@link ContainerDirectory}: containers that are
 * not running but may have logs not yet collected, and renames. Implemented by log collection.
 */
public interface DiscoveryHooks {
    DiscoveryHooks NONE = new DiscoveryHooks() {
    };

    /**
     * A stopped container found at start or after a reconnection: it finished at {@code finishedAt}
     * (null if unknown), possibly while the agent or its connection was away.
     */
    default void stoppedContainer(ContainerInfo container, Instant finishedAt) {
    }

    /** A followed container changed name. */
    default void renamed(ContainerInfo container) {
    }

    /** The connection to the engine broke (the engine is restarting, or gone). */
    default void engineAway() {
    }

    /** Connected again and listed: {@code running} are the ids of the containers running now. */
    default void engineBack(java.util.Set<String> running) {
    }
}
