package io.wharf.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.wharf.autoscaler.config.MarathonConfig;
import io.wharf.autoscaler.config.MetricConfig;
import io.wharf.autoscaler.config.MetricType;
import io.wharf.autoscaler.config.OrchestratorKind;
import io.wharf.autoscaler.config.PolicyConfig;
import io.wharf.autoscaler.decision.Decision;
import io.wharf.autoscaler.decision.Decision.Action;
import io.wharf.autoscaler.decision.Decision.Outcome;
import io.wharf.autoscaler.fake.FakeMarathon;
import io.wharf.autoscaler.metrics.InfluxClient;
import io.wharf.autoscaler.metrics.InfluxQl;
import io.wharf.autoscaler.metrics.MetricsReader;
import io.wharf.autoscaler.orchestrator.marathon.MarathonOrchestrator;
import io.wharf.autoscaler.orchestrator.swarm.SwarmOrchestrator;
import io.wharf.autoscaler.report.DecisionLog;
import io.wharf.testkit.SwarmServices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One policy's rounds (read, decide, act) with the safety rules, against the real InfluxDB (the
 * CPU points are written in the agent's schema, in a database of this test) and real Swarm
 * services. Marathon cannot run on this machine: the Marathon cases use {@link FakeMarathon},
 * which replays Marathon's documented /v2/apps API (409 while a deployment holds the app).
 *
 * <p>Decision time is passed to each round, so cooldown and stabilisation are walked through in
 * a few real seconds; staleness is judged on the real clock against the points' real timestamps.
 */
class PolicyRunnerIT {
    private static InfluxTestDatabase influx;
    private static MetricsReader reader;
    private static SwarmServices swarmServices;
    private static SwarmOrchestrator swarm;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private FakeMarathon marathon;

    @BeforeAll
    static void start() {
        influx = new InfluxTestDatabase();
        reader = new MetricsReader(new InfluxClient(influx.config()), influx.name(), new InfluxQl(null), Clock.systemUTC());
        swarmServices = new SwarmServices();
        swarm = new SwarmOrchestrator(swarmServices.docker());
    }

    @AfterAll
    static void stop() {
        swarmServices.close();
        influx.close();
    }

    @AfterEach
    void stopMarathon() {
        if (marathon != null) {
            marathon.close();
        }
    }

    private static PolicyConfig policy(String service, OrchestratorKind kind, String target, int min, int max, int maxStep,
                                       Duration stabilization, Duration cooldown) {
        return new PolicyConfig(service, kind, target, null, min, max, Duration.ofSeconds(10), Duration.ofSeconds(10), 0.1,
                maxStep, stabilization, cooldown, List.of(new MetricConfig(MetricType.CPU_PERCENT, "10", null, null, null)));
    }

    private MarathonOrchestrator fakeMarathon() {
        marathon = new FakeMarathon(null);
        return new MarathonOrchestrator(new MarathonConfig(marathon.url(), null, null, null, null, null));
    }

    @Test
    void scaleUpIsLimitedToMaxStepAndTheCooldownHoldsTheNextChangeOnRealSwarm() throws Exception {
        String name = swarmServices.create("step", 1, "sleep 600", null);
        PolicyRunner runner = new PolicyRunner(policy(name, OrchestratorKind.SWARM, name, 1, 4, 2, Duration.ZERO,
                Duration.ofSeconds(60)), swarm, reader);
        influx.cpu(name, 40, 1);  // 4x the 10% target: HPA asks ceil(1 * 40 / 10) = 4
        Instant t0 = Instant.now();

        Decision first = runner.round(t0, false);
        assertThat(first.desired()).isEqualTo(4);
        assertThat(first.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(first.target()).as("1 + max_step 2").isEqualTo(3);
        assertThat(first.reason()).contains("max_step 2");
        assertThat(swarmServices.replicas(name)).isEqualTo(3);

        influx.cpu(name, 40, 3);
        Decision inCooldown = runner.round(t0.plusSeconds(30), false);
        assertThat(inCooldown.outcome()).isEqualTo(Outcome.HELD);
        assertThat(inCooldown.action()).isEqualTo(Action.UP);
        assertThat(inCooldown.reason()).contains("cooldown until " + t0.plusSeconds(60));
        assertThat(swarmServices.replicas(name)).as("nothing changed within the cooldown").isEqualTo(3);

        Decision after = runner.round(t0.plusSeconds(61), false);
        assertThat(after.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(after.target()).as("clamped to max_instances").isEqualTo(4);
        assertThat(swarmServices.replicas(name)).isEqualTo(4);
    }

    @Test
    void noScaleDownWhileTheServiceInstancesAreNotAllRunningOnRealSwarm() throws Exception {
        // A constraint no node meets: Swarm keeps both tasks pending, none runs.
        String name = swarmServices.createConstrained("pending", 2, "sleep 600", "node.labels.wharf-nowhere==true");
        PolicyRunner runner = new PolicyRunner(policy(name, OrchestratorKind.SWARM, name, 1, 4, 4, Duration.ZERO,
                Duration.ZERO), swarm, reader);
        influx.cpu(name, 1, 2);  // far below target: the recommendation is 1

        Decision d = runner.round(Instant.now(), false);
        assertThat(d.current()).isEqualTo(2);
        assertThat(d.running()).isZero();
        assertThat(d.recommended()).isEqualTo(1);
        assertThat(d.outcome()).isEqualTo(Outcome.HELD);
        assertThat(d.reason()).isEqualTo("scale-down held: only 0 of 2 instances running");
        assertThat(swarmServices.replicas(name)).isEqualTo(2);
    }

    @Test
    void scaleDownWaitsForTheStabilizationWindowAndTakesItsHighestRecommendation() throws Exception {
        // Marathon cannot run here: FakeMarathon replays its documented /v2/apps API.
        MarathonOrchestrator orchestrator = fakeMarathon();
        FakeMarathon.App app = marathon.app("/stab-" + run, 4, 4);
        String service = "stab-" + run;
        PolicyRunner runner = new PolicyRunner(policy(service, OrchestratorKind.MARATHON, "/stab-" + run, 1, 8, 4,
                Duration.ofSeconds(30), Duration.ZERO), orchestrator, reader);
        Instant t0 = Instant.now();

        influx.cpu(service, 2, 4);  // recommendation ceil(4 * 0.2) = 1
        Decision d0 = runner.round(t0, false);
        assertThat(d0.recommended()).isEqualTo(1);
        assertThat(d0.outcome()).isEqualTo(Outcome.HELD);
        assertThat(d0.reason()).contains("stabilizing");

        influx.cpu(service, 6, 4);  // a brief rise, still lower than 4: recommendation ceil(4 * 0.6) = 3
        assertThat(runner.round(t0.plusSeconds(15), false).outcome()).isEqualTo(Outcome.HELD);

        influx.cpu(service, 2, 4);
        assertThat(runner.round(t0.plusSeconds(25), false).outcome()).as("window not covered yet").isEqualTo(Outcome.HELD);
        assertThat(app.instances).isEqualTo(4);

        Decision down = runner.round(t0.plusSeconds(31), false);
        assertThat(down.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(down.action()).isEqualTo(Action.DOWN);
        assertThat(down.target()).as("the highest recommendation of the last 30 s, not this round's 1").isEqualTo(3);
        assertThat(app.instances).isEqualTo(3);
        assertThat(marathon.requests()).filteredOn(r -> r.method().equals("PUT")).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"instances\":3}"));
    }

    @Test
    void aRefusalIsRetriedNextRoundNeverForcedAndStartsNoCooldown() throws Exception {
        // Marathon cannot run here: FakeMarathon replays its documented 409 for an app locked by a deployment.
        MarathonOrchestrator orchestrator = fakeMarathon();
        FakeMarathon.App app = marathon.app("/busy-" + run, 2, 2);
        app.lockingDeployment = "97c136bf-5a28-4821-9d94-480d9fbb01c8";
        String service = "busy-" + run;
        PolicyRunner runner = new PolicyRunner(policy(service, OrchestratorKind.MARATHON, "/busy-" + run, 1, 8, 4,
                Duration.ZERO, Duration.ofMinutes(5)), orchestrator, reader);
        influx.cpu(service, 20, 2);  // desired ceil(2 * 2) = 4
        Instant t0 = Instant.now();

        Decision refused = runner.round(t0, false);
        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.reason()).contains("refused, retrying next round").contains("locked by a deployment");
        assertThat(app.instances).isEqualTo(2);

        Decision again = runner.round(t0.plusSeconds(5), false);
        assertThat(again.outcome()).as("still locked").isEqualTo(Outcome.REFUSED);
        assertThat(marathon.requests()).as("never forced").noneMatch(r -> r.uri().contains("force"));

        app.lockingDeployment = null;
        Decision applied = runner.round(t0.plusSeconds(10), false);
        assertThat(applied.outcome()).as("a refusal starts no cooldown").isEqualTo(Outcome.APPLIED);
        assertThat(app.instances).isEqualTo(4);
    }

    @Test
    void dryRunDecidesButNeverAsks() throws Exception {
        MarathonOrchestrator orchestrator = fakeMarathon();  // Marathon's documented API, replayed
        FakeMarathon.App app = marathon.app("/dry-" + run, 1, 1);
        String service = "dry-" + run;
        PolicyRunner runner = new PolicyRunner(policy(service, OrchestratorKind.MARATHON, "/dry-" + run, 1, 8, 4,
                Duration.ZERO, Duration.ZERO), orchestrator, reader);
        influx.cpu(service, 30, 1);

        Decision d = runner.round(Instant.now(), true);
        assertThat(d.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(d.target()).isEqualTo(3);
        assertThat(d.reason()).isEqualTo("dry run: would scale up to 3");
        assertThat(app.instances).isEqualTo(1);
        assertThat(marathon.requests()).noneMatch(r -> r.method().equals("PUT"));
    }

    @Test
    void missingOrStaleDataMeansNoActionAndAWarning() throws Exception {
        MarathonOrchestrator orchestrator = fakeMarathon();  // Marathon's documented API, replayed
        FakeMarathon.App app = marathon.app("/quiet-" + run, 3, 3);
        String service = "quiet-" + run;
        PolicyRunner runner = new PolicyRunner(policy(service, OrchestratorKind.MARATHON, "/quiet-" + run, 1, 8, 4,
                Duration.ZERO, Duration.ZERO), orchestrator, reader);
        DecisionLog log = new DecisionLog(null, null);
        ListAppender<ILoggingEvent> warnings = capture();
        try {
            Decision missing = runner.round(Instant.now(), false);
            log.record("marathon", missing);
            assertThat(missing.outcome()).isEqualTo(Outcome.NO_DATA);
            assertThat(missing.action()).isEqualTo(Action.NONE);
            assertThat(missing.reason()).startsWith("no action: cpu_percent missing (no points for service '" + service + "'");

            influx.cpuOnlyAt(service, 90, 30_000);  // would ask for 27 instances, but it is 30 s old (stale_after 10 s)
            Decision stale = runner.round(Instant.now(), false);
            log.record("marathon", stale);
            assertThat(stale.outcome()).isEqualTo(Outcome.NO_DATA);
            assertThat(stale.reason()).matches("no action: cpu_percent stale \\(newest point 3\\ds old, stale_after 10s\\)");

            assertThat(app.instances).isEqualTo(3);
            assertThat(marathon.requests()).noneMatch(r -> r.method().equals("PUT"));
            assertThat(warnings.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                    .hasSize(2)
                    .allMatch(m -> m.contains("service=" + service) && m.contains("outcome=no_data"))
                    .anyMatch(m -> m.contains("cpu_percent missing"))
                    .anyMatch(m -> m.contains("cpu_percent stale"));
        } finally {
            ((Logger) LoggerFactory.getLogger(DecisionLog.class)).detachAppender(warnings);
        }
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(DecisionLog.class)).addAppender(appender);
        return appender;
    }
}
