package io.wharf.agent.metrics;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.InvocationBuilder;
import io.wharf.agent.docker.ContainerInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test support: what discovery will put in the ContainerDirectory, taken here straight from a real
 * {@code docker inspect} (real data, until discovery is on main), and the engine's own stats.
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

    /** {@code GET /containers/{id}/stats?stream=false}: takes about a second (the engine waits for a second sample). */
    public static Statistics engineStats(DockerClient docker, String id) {
        try (var callback = new InvocationBuilder.AsyncResultCallback<Statistics>()) {
            docker.statsCmd(id).withNoStream(true).exec(callback);
            return callback.awaitResult();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** CPU percent of one core as docker stats computes it: usage delta over system delta, times online CPUs. */
    public static double engineCpuPercent(Statistics s) {
        double cpuDelta = s.getCpuStats().getCpuUsage().getTotalUsage() - s.getPreCpuStats().getCpuUsage().getTotalUsage();
        double systemDelta = s.getCpuStats().getSystemCpuUsage() - s.getPreCpuStats().getSystemCpuUsage();
        long online = s.getCpuStats().getOnlineCpus() != null ? s.getCpuStats().getOnlineCpus()
                : s.getCpuStats().getCpuUsage().getPercpuUsage().size();
        return systemDelta > 0 ? cpuDelta / systemDelta * online * 100 : Double.NaN;
    }
}
