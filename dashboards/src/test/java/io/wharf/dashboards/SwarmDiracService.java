package io.wharf.dashboards;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import io.wharf.testkit.Stack;
import io.wharf.testkit.TestContainers;
import java.util.List;
import java.util.Map;

/**
 * A real Swarm service of DIRAC-like busybox tasks for the autoscaler to decide on: the agent
 * follows its containers (labelled with the run's {@code wharf.test} id) and tags their metrics
 * and request counts with the Swarm service name. The local engine is made a Swarm manager if it
 * is not one yet (never the reverse: other tests use it); the service is removed on close.
 */
final class SwarmDiracService implements AutoCloseable {
    static final String COMPONENT = "Framework/SystemAdministrator";

    private final DockerClient docker;
    final String name;

    SwarmDiracService(TestContainers containers, int replicas) {
        this.docker = containers.docker();
        this.name = "wharf-dash-" + containers.runId();
        ensureManager();
        TaskSpec task = new TaskSpec().withContainerSpec(new ContainerSpec().withImage(Stack.testImage())
                .withCommand(List.of("sh", "-c", DiracWorkload.service(COMPONENT, "", "getHostInfo", "getOverallStatus")))
                .withLabels(Map.of("wharf.test", containers.runId())));
        docker.createServiceCmd(new ServiceSpec().withName(name).withLabels(Map.of("wharf.test", containers.runId()))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas)))
                .withTaskTemplate(task)).exec();
    }

    private void ensureManager() {
        SwarmInfo swarm = docker.infoCmd().exec().getSwarm();
        if (swarm != null && swarm.getLocalNodeState() == LocalNodeState.ACTIVE && Boolean.TRUE.equals(swarm.getControlAvailable())) {
            return;
        }
        try {
            docker.initializeSwarmCmd(new SwarmSpec()).withAdvertiseAddr("127.0.0.1").withListenAddr("127.0.0.1:2377").exec();
        } catch (DockerException e) {
            // Another test may have initialised it a moment ago.
            if (!String.valueOf(e.getMessage()).contains("already part of a swarm")) {
                throw e;
            }
        }
    }

    int runningTasks() {
        return (int) docker.listTasksCmd().withServiceFilter(name).exec().stream()
                .filter(t -> t.getDesiredState() == TaskState.RUNNING && t.getStatus().getState() == TaskState.RUNNING)
                .count();
    }

    @Override
    public void close() {
        try {
            docker.removeServiceCmd(name).exec();
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
