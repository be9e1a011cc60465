package io.wharf.autoscaler.orchestrator;

/** The orchestrator could not be asked or answered with an error (not a refusal to retry). */
public final class OrchestratorException extends Exception {
    public OrchestratorException(String message) {
        super(message);
    }

    public OrchestratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
