package io.wharf.dashboards;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import io.wharf.testkit.Stack;
import io.wharf.testkit.SwarmServices;
import io.wharf.testkit.TestContainers;
import java.util.List;
import java.util.Map;

/**
 * A real Swarm service of DIRAC-like busybox tasks for the autoscaler to decide on: the agent
 * follows its containers (labelled with the run's {@code wharf.test} id) and tags their metrics
 * and request counts with the Swarm service name. The local engine is made a Swarm manager if it
 * is not one yet ({@link SwarmServices#ensureManager}); the service is removed on close. (Not
 * SwarmServices itself: the tasks must carry the agent's {@code wharf.test} label.)
 */
final class SwarmDiracService implements AutoCloseable {
    static final String COMPONENT = "Framework/SystemAdministrator";

    private final DockerClient docker;
    final String name;

    SwarmDiracService(TestContainers containers, int replicas) {
        this.docker = containers.docker();
        this.name = "wharf-dash-" + containers.runId();
        SwarmServices.ensureManager(docker);
        TaskSpec task = new TaskSpec().withContainerSpec(new ContainerSpec().withImage(Stack.testImage())
                .withCommand(List.of("sh", "-c", DiracWorkload.service(COMPONENT, "", "getHostInfo", "getOverallStatus")))
                .withLabels(Map.of("wharf.test", containers.runId())));
        docker.createServiceCmd(new ServiceSpec().withName(name).withLabels(Map.of("wharf.test", containers.runId()))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas)))
                .withTaskTemplate(task)).exec();
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
