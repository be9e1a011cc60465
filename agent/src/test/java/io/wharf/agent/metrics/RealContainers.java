package io.wharf.agent.metrics;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.wharf.agent.docker.ContainerInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test support: what discovery will put in the ContainerDirectory, taken here straight from a real
 * {@code docker inspect} (real data, until discovery is on main). The engine's own stats: testkit's EngineStats.
 */
public final class RealContainers {
    private RealContainers() {
    }

    public static ContainerInfo inspect(DockerClient docker, String id, String service) {
        InspectContainerResponse r = docker.inspectContainerCmd(id).exec();
        String name = r.getName().startsWith("/") ? r.getName().substring(1) : r.getName();
        return new ContainerInfo(r.getId(), name, r.getConfig().getImage(), r.getConfig().getLabels(), Map.of(),
                List.of(r.getConfig().getCmd()), r.getState().getPidLong().intValue(), "json-file",
                r.getLogPath() == null ? null : Path.of(r.getLogPath()), Instant.parse(r.getState().getStartedAt()),
                Boolean.TRUE.equals(r.getState().getRunning()), service, Map.of("orchestrator.type", "docker"));
    }
}
