package io.wharf.autoscaler.config;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;

/** {@code orchestrators:}: each one present can be named by policies. */
public record OrchestratorsConfig(SwarmConfig swarm, MarathonConfig marathon, KubernetesConfig kubernetes) implements Validated {

    public boolean has(OrchestratorKind kind) {
        return switch (kind) {
            case SWARM -> swarm != null;
            case MARATHON -> marathon != null;
            case KUBERNETES -> kubernetes != null;
        };
    }

    @Override
    public void validate(Validation v) {
        v.nested("swarm", swarm);
        v.nested("marathon", marathon);
        v.nested("kubernetes", kubernetes);
    }
}
