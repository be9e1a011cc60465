package io.wharf.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wharf.testkit.Stack;
import io.wharf.testkit.TestContainers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery against the real engine through a socket that is cut and restored as a dockerd
 * restart would (the shared engine itself is not restarted: other suites use it). While the
 * connection is down a container starts and another starts and exits; after reconnection both
 * are found, and one that stopped meanwhile is reported stopped.
 */
class DockerDiscoveryIT {
    @TempDir
    Path tmp;

    @Test
    void reconnectsRelistsAndBackfillsAfterTheEngineWasAway() throws Exception {
        Path engine = Path.of(Stack.dockerHost().substring("unix://".length()));
        try (TestContainers containers = new TestContainers();
             SocketCut socket = new SocketCut(tmp.resolve("docker.sock"), engine)) {
            socket.up();
            ContainerDirectory directory = new ContainerDirectory();
            List<String> stoppedWhileAway = new CopyOnWriteArrayList<>();
            DiscoveryHooks hooks = new DiscoveryHooks() {
                @Override
                public void stoppedContainer(ContainerInfo c, Instant finishedAt) {
                    stoppedWhileAway.add(c.id());
                }
            };
            String before = containers.spec("before", "sleep 300").label("com.docker.swarm.service.name", "grid_web").start();
            String endsDuringCut = containers.spec("ends", "sleep 3").start();
            try (DockerDiscovery discovery = new DockerDiscovery(new DockerConfig(socket.host(), null, true, Duration.ofMillis(500)),
                    directory, hooks, null)) {
                discovery.start(10_000);
                await().atMost(Duration.ofSeconds(20)).until(() -> directory.find(before).isPresent() && directory.find(endsDuringCut).isPresent());
                ContainerInfo info = directory.find(before).orElseThrow();
                assertThat(info.serviceName()).isEqualTo("grid_web");
                assertThat(info.labels()).containsEntry("wharf.test", containers.runId());
                assertThat(info.pid()).isPositive();
                assertThat(info.logDriver()).isEqualTo("json-file");

                socket.down();
                await().atMost(Duration.ofSeconds(10)).until(() -> !discovery.connected());
                String startedDuringCut = containers.spec("during", "sleep 300").start();
                String livedAndDiedDuringCut = containers.spec("brief", "echo hi").start();
                await().atMost(Duration.ofSeconds(20)).until(() -> containers.exited(livedAndDiedDuringCut) && containers.exited(endsDuringCut));
                socket.up();

                await().atMost(Duration.ofSeconds(30)).until(discovery::connected);
                await().atMost(Duration.ofSeconds(10)).until(() -> directory.find(startedDuringCut).isPresent());
                assertThat(directory.find(endsDuringCut)).as("stopped while away").isEmpty();
                assertThat(directory.find(before)).isPresent();
                assertThat(stoppedWhileAway).contains(livedAndDiedDuringCut);

                // And the events stream works again.
                String after = containers.spec("after", "sleep 300").start();
                await().atMost(Duration.ofSeconds(10)).until(() -> directory.find(after).isPresent());
            }
        }
    }
}
