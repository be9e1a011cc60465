package io.wharf.autoscaler.orchestrator.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.Service;
import io.wharf.autoscaler.orchestrator.Orchestrator.Applied;
import io.wharf.autoscaler.orchestrator.Orchestrator.Instances;
import io.wharf.autoscaler.orchestrator.Orchestrator.Refused;
import io.wharf.autoscaler.orchestrator.Orchestrator.ScaleResult;
import io.wharf.autoscaler.orchestrator.OrchestratorException;
import io.wharf.core.json.Json;
import io.wharf.testkit.SwarmServices;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scaling real Swarm services of busybox containers on the local engine through the Docker API. */
class SwarmOrchestratorIT {
    private static SwarmServices services;
    private static SwarmOrchestrator swarm;

    @BeforeAll
    static void start() {
        services = new SwarmServices();
        swarm = new SwarmOrchestrator(services.docker());
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @Test
    void scalesUpAndDownAndTheRealTaskCountFollows() throws Exception {
        String name = services.create("scale", 1, "sleep 600", null);
        await().atMost(Duration.ofSeconds(60)).until(() -> services.runningTasks(name) == 1);
        assertThat(swarm.instances(name)).isEqualTo(new Instances(1, 1));

        ScaleResult up = swarm.scale(name, 3);
        assertThat(up).isInstanceOf(Applied.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> services.runningTasks(name) == 3);
        assertThat(swarm.instances(name)).isEqualTo(new Instances(3, 3));

        assertThat(swarm.scale(name, 1)).isInstanceOf(Applied.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> services.runningTasks(name) == 1);
        assertThat(services.replicas(name)).isEqualTo(1);
    }

    @Test
    void onlyTheReplicaCountChangesInTheSpec() throws Exception {
        String name = services.create("spec", 1, "sleep 600", 0.25);
        ObjectNode before = Json.MAPPER.valueToTree(services.docker().inspectServiceCmd(name).exec().getSpec());
        swarm.scale(name, 2);
        ObjectNode after = Json.MAPPER.valueToTree(services.docker().inspectServiceCmd(name).exec().getSpec());
        assertThat(after.at("/Mode/Replicated/Replicas").asLong()).isEqualTo(2);
        before.remove("Mode");
        after.remove("Mode");
        assertThat(after).isEqualTo(before);
        assertThat(after.at("/TaskTemplate/Resources/Limits/NanoCPUs").asLong()).isEqualTo(250_000_000L);
    }

    @Test
    void anUpdateQuotingAStaleVersionIsRefusedAsOutOfSequence() throws Exception {
        String name = services.create("seq", 1, "sleep 600", null);
        Service readEarlier = swarm.inspect(name);
        // Someone else (an operator, another autoscaler) updates the service in between.
        assertThat(swarm.scale(name, 2)).isInstanceOf(Applied.class);

        ScaleResult stale = swarm.update(readEarlier, 3);
        assertThat(stale).isInstanceOf(Refused.class);
        assertThat(stale.detail()).contains("update out of sequence");
        assertThat(services.replicas(name)).as("the refused update changed nothing").isEqualTo(2);

        // Next round reads again and succeeds.
        assertThat(swarm.scale(name, 3)).isInstanceOf(Applied.class);
        assertThat(services.replicas(name)).isEqualTo(3);
    }

    @Test
    void aGlobalServiceOrAnUnknownOneIsAnErrorNotAScale() {
        String global = services.createGlobal("global", "sleep 600");
        assertThatThrownBy(() -> swarm.scale(global, 3)).isInstanceOf(OrchestratorException.class)
                .hasMessageContaining("not in replicated mode");
        assertThatThrownBy(() -> swarm.instances("wharf-test-no-such-service-x")).isInstanceOf(OrchestratorException.class)
                .hasMessageContaining("no service wharf-test-no-such-service-x");
    }
}
