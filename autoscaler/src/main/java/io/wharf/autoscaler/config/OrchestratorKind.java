package io.wharf.autoscaler.config;

/** Which orchestrator runs a service. */
public enum OrchestratorKind {
    SWARM, MARATHON, KUBERNETES
}
