package io.wharf.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Starts real containers on the local Docker engine for a test and removes them afterwards.
 * Every container is labelled {@code wharf.test=<run id>} so a test can tell its own containers
 * from anything else running on the host.
 */
public final class TestContainers implements AutoCloseable {
    private final DockerClient docker;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> started = new ArrayList<>();

    public TestContainers() {
        this.docker = client();
    }

    /** A docker-java client on the local engine, for tests that inspect or act on containers. */
    public static DockerClient client() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(Stack.dockerHost()).build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(URI.create(Stack.dockerHost()))
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(60)).build();
        return DockerClientImpl.getInstance(config, http);
    }

    public DockerClient docker() {
        return docker;
    }

    /** The label value that marks this run's containers. */
    public String runId() {
        return runId;
    }

    /** A name unique to this run: {@code wharf-test-<prefix>-<run id>}. */
    public String name(String prefix) {
        return "wharf-test-" + prefix + "-" + runId;
    }

    public Spec spec(String namePrefix, String shellScript) {
        return new Spec(name(namePrefix), shellScript);
    }

    /** A container to run: a busybox {@code sh -c script}, with options. */
    public final class Spec {
        private final String name;
        private final String script;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<String> env = new ArrayList<>();
        private final Map<String, String> logOpts = new HashMap<>();
        private Double cpus;
        private Long memoryBytes;
        private boolean autoRemove;
        private final List<Bind> binds = new ArrayList<>();

        private Spec(String name, String script) {
            this.name = name;
            this.script = script;
        }

        public Spec label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Spec env(String key, String value) {
            env.add(key + "=" + value);
            return this;
        }

        /** json-file options such as max-size=100k, max-file=3. */
        public Spec logOpt(String key, String value) {
            logOpts.put(key, value);
            return this;
        }

        public Spec cpus(double cpus) {
            this.cpus = cpus;
            return this;
        }

        /** {@code docker run --rm}: Docker deletes the container, and its log folder, as soon as it exits. */
        public Spec autoRemove() {
            this.autoRemove = true;
            return this;
        }

        public Spec memory(long bytes) {
            this.memoryBytes = bytes;
            return this;
        }

        /** A host file or folder, read-only inside the container at {@code containerPath}. */
        public Spec bindReadOnly(String hostPath, String containerPath) {
            binds.add(new Bind(hostPath, new Volume(containerPath), AccessMode.ro));
            return this;
        }

        /** Creates and starts the container; returns its id. */
        public String start() {
            String id = create();
            TestContainers.this.start(id);
            return id;
        }

        /** Creates the container without starting it (its id is known before it writes anything); see {@link #start(String)}. */
        public String create() {
            Map<String, String> allLabels = new LinkedHashMap<>(labels);
            allLabels.put("wharf.test", runId);
            HostConfig host = HostConfig.newHostConfig().withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, logOpts));
            if (cpus != null) {
                host.withNanoCPUs((long) (cpus * 1e9));
            }
            if (memoryBytes != null) {
                host.withMemory(memoryBytes);
            }
            if (autoRemove) {
                host.withAutoRemove(true);
            }
            if (!binds.isEmpty()) {
                host.withBinds(binds);
            }
            try (CreateContainerCmd create = docker.createContainerCmd(Stack.testImage())) {
                String id = create.withName(name).withLabels(allLabels).withEnv(env)
                        .withCmd("sh", "-c", script).withHostConfig(host).exec().getId();
                started.add(id);
                return id;
            }
        }
    }

    /** Starts a container made by {@link Spec#create()}. */
    public void start(String id) {
        docker.startContainerCmd(id).exec();
    }

    /** Whether the container has exited. */
    public boolean exited(String id) {
        Boolean running = docker.inspectContainerCmd(id).exec().getState().getRunning();
        return running != null && !running;
    }

    /** Removes one container now (its logs with it) instead of at {@link #close()}. */
    public void remove(String id) {
        docker.removeContainerCmd(id).withForce(true).exec();
        started.remove(id);
    }

    public void stop(String id) {
        docker.stopContainerCmd(id).withTimeout(1).exec();
    }

    @Override
    public void close() {
        for (String id : started) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        started.clear();
    }
}
