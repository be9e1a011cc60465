package io.wharf.autoscaler.orchestrator.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceGlobalModeOptions;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import io.wharf.testkit.Stack;
import io.wharf.testkit.TestContainers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real Swarm services of busybox containers for tests: the local engine is made a Swarm manager
 * if it is not one yet (never the reverse: other tests may use it), every service has a unique
 * name and the label {@code wharf.test=<run id>}, and is removed on close.
 */
public final class SwarmTestServices implements AutoCloseable {
    private final DockerClient docker = TestContainers.client();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> created = new ArrayList<>();

    public SwarmTestServices() {
        ensureManager(docker);
    }

    public DockerClient docker() {
        return docker;
    }

    static void ensureManager(DockerClient docker) {
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

    /** A replicated service running {@code sh -c script}, optionally CPU-limited; returns its name. */
    public String create(String prefix, int replicas, String script, Double cpus) {
        return create(prefix, new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas)), script, cpus);
    }

    public String createGlobal(String prefix, String script) {
        return create(prefix, new ServiceModeConfig().withGlobal(new ServiceGlobalModeOptions()), script, null);
    }

    private String create(String prefix, ServiceModeConfig mode, String script, Double cpus) {
        String name = "wharf-test-" + prefix + "-" + runId;
        TaskSpec task = new TaskSpec().withContainerSpec(new ContainerSpec().withImage(Stack.testImage())
                .withCommand(List.of("sh", "-c", script)).withLabels(Map.of("wharf.test", runId))
                .withEnv(List.of("WHARF_TEST=" + runId)));
        if (cpus != null) {
            task.withResources(new ResourceRequirements().withLimits(new ResourceSpecs().withNanoCPUs((long) (cpus * 1e9))));
        }
        ServiceSpec spec = new ServiceSpec().withName(name).withLabels(Map.of("wharf.test", runId)).withMode(mode).withTaskTemplate(task);
        docker.createServiceCmd(spec).exec();
        created.add(name);
        return name;
    }

    /** Running tasks of the service, as {@code docker service ps --filter desired-state=running} counts them. */
    public int runningTasks(String service) {
        return (int) docker.listTasksCmd().withServiceFilter(service).exec().stream()
                .filter(t -> t.getDesiredState() == TaskState.RUNNING && t.getStatus().getState() == TaskState.RUNNING)
                .count();
    }

    public long replicas(String service) {
        return docker.inspectServiceCmd(service).exec().getSpec().getMode().getReplicated().getReplicas();
    }

    @Override
    public void close() {
        for (String name : created) {
            try {
                docker.removeServiceCmd(name).exec();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        created.clear();
    }
}
