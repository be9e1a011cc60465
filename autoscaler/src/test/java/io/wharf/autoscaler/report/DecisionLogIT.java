package io.wharf.autoscaler.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.wharf.autoscaler.InfluxTestDatabase;
import io.wharf.autoscaler.config.InfluxConfig;
import io.wharf.autoscaler.decision.Decision;
import io.wharf.autoscaler.decision.Decision.Action;
import io.wharf.autoscaler.decision.Decision.MetricDesire;
import io.wharf.autoscaler.decision.Decision.Outcome;
import io.wharf.autoscaler.decision.MetricReading;
import io.wharf.autoscaler.metrics.InfluxClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Decisions written to the real InfluxDB as {@code wharf_autoscaler} and read back with InfluxQL,
 * as a Grafana panel would. Only the fields every version of the schema has are asked for
 * (current, desired, target, reason; tags service, orchestrator, action, outcome).
 */
class DecisionLogIT {
    private static InfluxTestDatabase influx;

    @BeforeAll
    static void start() {
        influx = new InfluxTestDatabase();
    }

    @AfterAll
    static void stop() {
        influx.close();
    }

    private static Decision decision(Instant t, String service, int current, int desired, int target, Action action, Outcome outcome,
                                     String reason) {
        List<MetricDesire> metrics = List.of(new MetricDesire("cpu_percent", MetricReading.Status.OK, 160.0, 80.0, desired, null));
        return new Decision(t, service, current, current, metrics, desired, desired, target, action, outcome, reason);
    }

    @Test
    void everyDecisionIsWrittenAndQueryableBackFromInfluxdb() {
        DecisionLog log = new DecisionLog(new InfluxClient(influx.config()), influx.name());
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        log.record("swarm", decision(t.minusSeconds(10), "dirac-wms", 2, 4, 2, Action.UP, Outcome.HELD,
                "scale-up to 4 held: cooldown until " + t));
        log.record("swarm", decision(t, "dirac-wms", 2, 4, 4, Action.UP, Outcome.APPLIED, "scale up to 4: \"quoted\", with commas"));

        JsonNode series = await().atMost(Duration.ofSeconds(10)).until(() -> influx.series(
                "SELECT \"current\", \"desired\", \"target\", \"reason\" FROM \"wharf_autoscaler\""
                        + " WHERE \"service\" = 'dirac-wms' GROUP BY \"orchestrator\", \"action\", \"outcome\""), s -> !s.isMissingNode());
        JsonNode all = influx.query("SELECT \"current\", \"desired\", \"target\", \"reason\" FROM \"wharf_autoscaler\""
                + " WHERE \"service\" = 'dirac-wms' AND \"outcome\" = 'applied'").at("/results/0/series/0/values");
        assertThat(all).hasSize(1);
        JsonNode applied = all.get(0);
        assertThat(applied.get(0).asLong()).isEqualTo(t.toEpochMilli());
        assertThat(applied.get(1).asInt()).isEqualTo(2);
        assertThat(applied.get(2).asInt()).isEqualTo(4);
        assertThat(applied.get(3).asInt()).isEqualTo(4);
        assertThat(applied.get(4).asText()).isEqualTo("scale up to 4: \"quoted\", with commas");
        assertThat(series.at("/tags/orchestrator").asText()).isEqualTo("swarm");

        JsonNode held = influx.series("SELECT \"target\", \"reason\" FROM \"wharf_autoscaler\" WHERE \"outcome\" = 'held' AND \"action\" = 'up'");
        assertThat(held.at("/values/0/1").asInt()).isEqualTo(2);
        assertThat(held.at("/values/0/2").asText()).startsWith("scale-up to 4 held: cooldown");

        assertThat(log.latest()).singleElement().satisfies(e -> assertThat(e.decision().outcome()).isEqualTo(Outcome.APPLIED));
    }

    @Test
    void anUnreachableInfluxdbIsLoggedAndTheDecisionStillServed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        InfluxConfig down = new InfluxConfig("http://127.0.0.1:" + closedPort, "nowhere", null, null, null, null, null, Duration.ofSeconds(2));
        DecisionLog log = new DecisionLog(new InfluxClient(down), "nowhere");
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        Logger logger = (Logger) LoggerFactory.getLogger(DecisionLog.class);
        logger.addAppender(warnings);
        try {
            log.record("marathon", decision(Instant.now(), "/web", 1, 1, 1, Action.NONE, Outcome.NO_CHANGE, "within tolerance"));
        } finally {
            logger.detachAppender(warnings);
        }
        assertThat(warnings.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("cannot write the decision for /web to InfluxDB: cannot reach InfluxDB at http://127.0.0.1:"
                        + closedPort + ": java.net.ConnectException");
        assertThat(log.latest()).singleElement().satisfies(e -> {
            assertThat(e.orchestrator()).isEqualTo("marathon");
            assertThat(e.decision().reason()).isEqualTo("within tolerance");
        });
    }
}
