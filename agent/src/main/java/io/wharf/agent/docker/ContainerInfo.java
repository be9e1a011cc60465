package io.wharf.agent.docker;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the agent knows of one container, from {@code docker inspect}: identity, image, labels,
 * environment, command, init pid (to find its cgroup and network namespace), log driver and path,
 * and the orchestrator metadata derived from labels and environment.
 *
 * @param serviceName  the orchestrator's service (Swarm service, Marathon app, Compose service,
 *                     Kubernetes container) or, failing that, the container name: what metrics
 *                     and the autoscaler group by
 * @param orchestrator ECS-style orchestrator fields ({@code orchestrator.type}, ... ) and other
 *                     derived metadata, by dotted field name
 */
public record ContainerInfo(
        String id,
        String name,
        String image,
        Map<String, String> labels,
        Map<String, String> env,
        List<String> command,
        int pid,
        String logDriver,
        Path logPath,
        Instant startedAt,
        boolean running,
        String serviceName,
        Map<String, String> orchestrator) {

    public ContainerInfo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        env = env == null ? Map.of() : Map.copyOf(env);
        command = command == null ? List.of() : List.copyOf(command);
        orchestrator = orchestrator == null ? Map.of() : Map.copyOf(orchestrator);
        if (serviceName == null || serviceName.isEmpty()) {
            serviceName = name;
        }
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
