package io.wharf.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.InvocationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The Docker engine's own view of a container's cgroups: the ground truth tests compare the agent's numbers with. */
public final class EngineStats {
    private EngineStats() {
    }

    /** {@code GET /containers/{id}/stats?stream=false}: takes about a second (the engine waits for a second sample). */
    public static Statistics of(DockerClient docker, String id) {
        try (var callback = new InvocationBuilder.AsyncResultCallback<Statistics>()) {
            docker.statsCmd(id).withNoStream(true).exec(callback);
            return callback.awaitResult();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU percent of one core as docker stats computes it: usage delta over system delta, times online CPUs. */
    public static double cpuPercent(Statistics s) {
        double cpuDelta = s.getCpuStats().getCpuUsage().getTotalUsage() - s.getPreCpuStats().getCpuUsage().getTotalUsage();
        double systemDelta = s.getCpuStats().getSystemCpuUsage() - s.getPreCpuStats().getSystemCpuUsage();
        long online = s.getCpuStats().getOnlineCpus() != null ? s.getCpuStats().getOnlineCpus()
                : s.getCpuStats().getCpuUsage().getPercpuUsage().size();
        return systemDelta > 0 ? cpuDelta / systemDelta * online * 100 : Double.NaN;
    }
}
