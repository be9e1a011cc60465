package io.wharf.autoscaler.orchestrator.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.wharf.autoscaler.config.SwarmConfig;
import io.wharf.autoscaler.orchestrator.Orchestrator;
import io.wharf.autoscaler.orchestrator.OrchestratorException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Docker Swarm services through a manager's Docker API: the service is read, then updated with
 * the version it was read at and its full spec with only the replica count changed. If anything
 * else changed the service in between, the engine answers {@code update out of sequence}: that is
 * a refusal, retried next round with a fresh read.
 */
public final class SwarmOrchestrator implements Orchestrator {
    private final DockerClient docker;
    private final boolean ownsClient;

    public SwarmOrchestrator(DockerClient docker) {
        this.docker = docker;
        this.ownsClient = false;
    }

    private SwarmOrchestrator(DockerClient docker, boolean ownsClient) {
        this.docker = docker;
        this.ownsClient = ownsClient;
    }

    public static SwarmOrchestrator connect(SwarmConfig config) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(config.dockerHost()).withDockerTlsVerify(config.tlsVerify());
        if (config.certPath() != null) {
            builder.withDockerCertPath(config.certPath());
        }
        DefaultDockerClientConfig clientConfig = builder.build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(URI.create(config.dockerHost()))
                .sslConfig(clientConfig.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(30)).build();
        return new SwarmOrchestrator(DockerClientImpl.getInstance(clientConfig, http), true);
    }

    @Override
    public String kind() {
        return "swarm";
    }

    @Override
    public Instances instances(String service) throws OrchestratorException {
        Service s = inspect(service);
        int desired = replicas(s);
        try {
            List<Task> tasks = docker.listTasksCmd().withServiceFilter(s.getId()).exec();
            int running = (int) tasks.stream()
                    .filter(t -> t.getDesiredState() == TaskState.RUNNING && t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING)
                    .count();
            return new Instances(desired, running);
        } catch (DockerException e) {
            throw new OrchestratorException("swarm: cannot list the tasks of " + service + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ScaleResult scale(String service, int instances) throws OrchestratorException {
        return update(inspect(service), instances);
    }

    /** Reads a service as the engine has it now (its version is what an update must quote). */
    public Service inspect(String service) throws OrchestratorException {
        try {
            return docker.inspectServiceCmd(service).exec();
        } catch (NotFoundException e) {
            throw new OrchestratorException("swarm: no service " + service, e);
        } catch (DockerException e) {
            throw new OrchestratorException("swarm: cannot inspect service " + service + ": " + e.getMessage(), e);
        }
    }

    /** Posts {@code read}'s spec with only the replica count changed, quoting the version it was read at. */
    public ScaleResult update(Service read, int instances) throws OrchestratorException {
        ServiceSpec spec = read.getSpec();
        replicas(read);
        spec.withMode(new ServiceModeConfig().withReplicated(spec.getMode().getReplicated().withReplicas(instances)));
        long version = read.getVersion().getIndex();
        try {
            docker.updateServiceCmd(read.getId(), spec).withVersion(version).exec();
            return new Applied("service " + spec.getName() + " at version " + version + " set to " + instances + " replicas");
        } catch (DockerException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("update out of sequence")) {
                return new Refused("swarm: update out of sequence (service " + spec.getName() + " changed since version " + version + ")");
            }
            throw new OrchestratorException("swarm: cannot update service " + spec.getName() + ": " + message.strip(), e);
        }
    }

    private static int replicas(Service s) throws OrchestratorException {
        ServiceModeConfig mode = s.getSpec().getMode();
        if (mode == null || mode.getReplicated() == null) {
            throw new OrchestratorException("swarm: service " + s.getSpec().getName() + " is not in replicated mode and cannot be scaled");
        }
        return (int) mode.getReplicated().getReplicas();
    }

    @Override
    public void close() {
        if (ownsClient) {
            try {
                docker.close();
            } catch (IOException e) {
                // closing: nothing left to do
            }
        }
    }
}
