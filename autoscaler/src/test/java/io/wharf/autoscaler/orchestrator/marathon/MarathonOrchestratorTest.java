package io.wharf.autoscaler.orchestrator.marathon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.autoscaler.config.MarathonConfig;
import io.wharf.autoscaler.fake.FakeMarathon;
import io.wharf.autoscaler.orchestrator.Orchestrator.Applied;
import io.wharf.autoscaler.orchestrator.Orchestrator.Instances;
import io.wharf.autoscaler.orchestrator.Orchestrator.Refused;
import io.wharf.autoscaler.orchestrator.Orchestrator.ScaleResult;
import io.wharf.autoscaler.orchestrator.OrchestratorException;
import io.wharf.core.config.Secret;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The Marathon client against {@link FakeMarathon}, a fake that replays Marathon's documented
 * /v2/apps API: Marathon itself cannot run on this machine.
 */
class MarathonOrchestratorTest {

    private static MarathonConfig config(String url, String user, String password, String token, boolean force) {
        return new MarathonConfig(url, user, password == null ? null : Secret.of(password), token == null ? null : Secret.of(token), force, null);
    }

    @Test
    void readsInstancesAndScalesWithBasicAuth() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes());
        try (FakeMarathon marathon = new FakeMarathon(basic)) {
            FakeMarathon.App app = marathon.app("/dirac/wms", 2, 2);
            MarathonOrchestrator o = new MarathonOrchestrator(config(marathon.url(), "ops", "s3cret", null, false));
            assertThat(o.instances("/dirac/wms")).isEqualTo(new Instances(2, 2));

            ScaleResult result = o.scale("/dirac/wms", 5);
            assertThat(result).isInstanceOf(Applied.class);
            assertThat(result.detail()).contains("deployment ");
            assertThat(app.instances).isEqualTo(5);
            FakeMarathon.Request put = marathon.requests().get(marathon.requests().size() - 1);
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.uri()).isEqualTo("/v2/apps/dirac/wms");
            assertThat(put.body()).isEqualTo("{\"instances\":5}");
        }
    }

    @Test
    void aDeploymentInProgressIsARefusalAndNothingIsForcedByDefault() throws Exception {
        try (FakeMarathon marathon = new FakeMarathon("token=abc")) {
            FakeMarathon.App app = marathon.app("/web", 3, 2);
            app.lockingDeployment = "5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43";
            MarathonOrchestrator o = new MarathonOrchestrator(config(marathon.url(), null, null, "abc", false));
            ScaleResult result = o.scale("/web", 4);
            assertThat(result).isInstanceOf(Refused.class);
            assertThat(result.detail()).contains("locked by a deployment").contains("App is locked by one or more deployments");
            assertThat(app.instances).isEqualTo(3);
            assertThat(marathon.requests()).noneMatch(r -> r.uri().contains("force"));

            // Next round, the deployment is over: the same request goes through.
            app.lockingDeployment = null;
            assertThat(o.scale("/web", 4)).isInstanceOf(Applied.class);
            assertThat(app.instances).isEqualTo(4);
        }
    }

    @Test
    void forceOnlyWhenConfigured() throws Exception {
        try (FakeMarathon marathon = new FakeMarathon(null)) {
            FakeMarathon.App app = marathon.app("/web", 3, 3);
            app.lockingDeployment = "d1";
            MarathonOrchestrator o = new MarathonOrchestrator(config(marathon.url(), null, null, null, true));
            assertThat(o.scale("/web", 6)).isInstanceOf(Applied.class);
            assertThat(marathon.requests().get(0).uri()).isEqualTo("/v2/apps/web?force=true");
            assertThat(app.instances).isEqualTo(6);
        }
    }

    @Test
    void wrongCredentialsAndUnknownAppsAreErrorsThatSayWhy() {
        try (FakeMarathon marathon = new FakeMarathon("token=right")) {
            marathon.app("/web", 1, 1);
            MarathonOrchestrator wrong = new MarathonOrchestrator(config(marathon.url(), null, null, "wrong", false));
            assertThatThrownBy(() -> wrong.instances("/web")).isInstanceOf(OrchestratorException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("check orchestrators.marathon")
                    .hasMessageNotContaining("wrong");
            MarathonOrchestrator right = new MarathonOrchestrator(config(marathon.url(), null, null, "right", false));
            assertThatThrownBy(() -> right.instances("/nope")).isInstanceOf(OrchestratorException.class)
                    .hasMessageContaining("HTTP 404 (no such app)");
        }
    }
}
