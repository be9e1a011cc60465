package io.wharf.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceGlobalModeOptions;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real Swarm services of busybox containers for tests (shared by the autoscaler's and the CLI's ITs): the local engine is made a Swarm manager
 * if it is not one yet (never the reverse: other tests may use it), every service has a unique
 * name and the label {@code wharf.test=<run id>}, and is removed on close.
 */
public final class SwarmServices implements AutoCloseable {
    private final DockerClient docker = TestContainers.client();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> created = new ArrayList<>();

    public SwarmServices() {
        ensureManager(docker);
    }

    public DockerClient docker() {
        return docker;
    }

    public static void ensureManager(DockerClient docker) {
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
        return create(prefix, replicated(replicas), script, cpus, null, null);
    }

    /**
     * A replicated service whose containers see the host folder {@code hostDir} at {@code /ctl}
     * (a bind mount), so a test can steer them through files; CPU-limited to {@code cpus}.
     */
    public String createWithControlDir(String prefix, int replicas, String script, double cpus, String hostDir) {
        return create(prefix, replicated(replicas), script, cpus, hostDir, null);
    }

    /** A replicated service with a placement constraint (one no node meets keeps its tasks pending). */
    public String createConstrained(String prefix, int replicas, String script, String constraint) {
        return create(prefix, replicated(replicas), script, null, null, constraint);
    }

    public String createGlobal(String prefix, String script) {
        return create(prefix, new ServiceModeConfig().withGlobal(new ServiceGlobalModeOptions()), script, null, null, null);
    }

    private static ServiceModeConfig replicated(int replicas) {
        return new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas));
    }

    private String create(String prefix, ServiceModeConfig mode, String script, Double cpus, String controlDir, String constraint) {
        String name = "wharf-test-" + prefix + "-" + runId;
        ContainerSpec container = new ContainerSpec().withImage(Stack.testImage())
                .withCommand(List.of("sh", "-c", script)).withLabels(Map.of("wharf.test", runId))
                .withEnv(List.of("WHARF_TEST=" + runId));
        if (controlDir != null) {
            container.withMounts(List.of(new Mount().withType(MountType.BIND).withSource(controlDir).withTarget("/ctl")));
        }
        TaskSpec task = new TaskSpec().withContainerSpec(container);
        if (cpus != null) {
            task.withResources(new ResourceRequirements().withLimits(new ResourceSpecs().withNanoCPUs((long) (cpus * 1e9))));
        }
        if (constraint != null) {
            task.withPlacement(new ServicePlacement().withConstraints(List.of(constraint)));
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
