package io.wharf.autoscaler.orchestrator;

import io.wharf.autoscaler.config.PolicyConfig;

/**
 * What the autoscaler needs from an orchestrator: how many instances a service is asked to run
 * and how many do, and to ask for a new count without forcing anything.
 */
public interface Orchestrator extends AutoCloseable {

    /** The count the orchestrator keeps ({@code desired}) and how many instances are running now. */
    record Instances(int desired, int running) {
    }

    /** The answer to a scale request: accepted, or refused for now (to be retried next round). */
    sealed interface ScaleResult {
        String detail();
    }

    record Applied(String detail) implements ScaleResult {
    }

    record Refused(String detail) implements ScaleResult {
    }

    /** How this orchestrator names the policy's object (Kubernetes adds the namespace and kind). */
    default String address(PolicyConfig policy) {
        return policy.target();
    }

    /** {@code swarm}, {@code marathon} or {@code kubernetes}: tags decisions. */
    String kind();

    Instances instances(String target) throws OrchestratorException;

    ScaleResult scale(String target, int instances) throws OrchestratorException;

    @Override
    default void close() {
    }
}
