package io.wharf.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.autoscaler.Autoscaler;
import io.wharf.autoscaler.config.AutoscalerConfig;
import io.wharf.autoscaler.decision.Decision;
import io.wharf.core.config.ConfigLoader;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What Grafana and Kibana would do, done against real data: the real agent follows DIRAC-like
 * containers and a DIRAC-like Swarm service on the real Docker engine and ships to the real
 * Elasticsearch and InfluxDB; the real autoscaler runs its rounds in dry run on that Swarm
 * service over the agent's readings and writes its decisions. Then every Grafana InfluxQL panel
 * query runs with its template variables set to values its variable queries return, every saved
 * search and visualisation runs through {@code _search}, and every name a dashboard uses must be
 * in the data. (The Prometheus dashboard: AgentInternalsDashboardIT.)
 *
 * <p>All the data arrives together, within a minute on a 2-core machine. The tests share
 * one deadline from the start of the run, not one wait each: when something never comes, the
 * first test waits out the deadline and the others fail soon after it, each naming the panel,
 * query or field that had nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardsProofIT {
    /**
     * From the agent's start until every panel must have data: about 40 s on a quiet machine,
     * more while other tests load the shared engine and servers (load average 15 on 2 cores seen).
     */
    private static final Duration DATA_WAIT = Duration.ofSeconds(150);
    /** What a test still waits once the shared deadline has passed (one more poll or two). */
    private static final Duration AFTER_DEADLINE = Duration.ofSeconds(6);
    /** The dashboards' time range and group-by interval as the test renders them. */
    private static final String RANGE = "15m";
    private static final int INTERVAL_SECONDS = 5;

    private final Schema schema = Files.schema();
    private ProofFixture fixture;
    private Autoscaler autoscaler;
    private Instant deadline;

    @BeforeAll
    void startAgentWorkloadAndAutoscaler() throws Exception {
        fixture = ProofFixture.start(false, true);
        deadline = Instant.now().plus(DATA_WAIT);
        autoscaler = new Autoscaler(autoscalerConfig(), Autoscaler.connect(autoscalerConfig()), Clock.systemUTC());
        decideOnceEveryMetricHasData();
    }

    @AfterAll
    void stopEverything() throws IOException {
        if (autoscaler != null) {
            autoscaler.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * The real autoscaler in dry run on the real Swarm service: its CPU and request metrics are
     * the ones the agent writes for that service's tasks, its instance count is Swarm's.
     */
    private AutoscalerConfig autoscalerConfig() {
        String yaml = """
                interval: 1s
                dry_run: true
                influxdb:
                  url: %1$s
                  database: %2$s
                http:
                  enabled: false
                orchestrators:
                  swarm:
                    docker_host: %3$s
                policies:
                  - service: %4$s
                    max_instances: 3
                    # Generous: while the machine is loaded the agent's points may come late.
                    window: 60s
                    stale_after: 30s
                    metrics:
                      - {type: cpu_percent, target: "1"}
                      - {type: requests_per_second, target: "0.5"}
                """.formatted(Stack.influxUrl(), fixture.database, Stack.dockerHost(), fixture.swarm.name);
        return ConfigLoader.parse("dashboards-proof-autoscaler.yml", yaml, AutoscalerConfig.class, System::getenv);
    }

    /** Rounds until one decides on readings of every metric (the first rounds see no data yet). */
    private void decideOnceEveryMetricHasData() {
        await().atMost(remaining()).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    List<Decision> round = autoscaler.runOnce();
                    assertThat(round).hasSize(1);
                    Decision d = round.get(0);
                    assertThat(d.metrics()).as("readings of the autoscaler's last decision: %s", d.summary())
                            .hasSize(2).allMatch(m -> m.value() != null && m.desired() != null);
                });
    }

    private Duration remaining() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.compareTo(AFTER_DEADLINE) < 0 ? AFTER_DEADLINE : left;
    }

    // ------------------------------------------------------------------ Grafana on InfluxDB

    @Test
    void everyGrafanaInfluxPanelReturnsDataForOneValueAndForAll() {
        await().atMost(remaining()).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> failures = new ArrayList<>();
            for (GrafanaDashboard d : GrafanaDashboard.all()) {
                Map<String, List<String>> values = influxVariableValues(d, failures);
                if (values == null) {
                    continue;
                }
                for (GrafanaDashboard.Target t : d.targets()) {
                    if (!t.datasourceType().equals("influxdb")) {
                        continue;
                    }
                    for (Map<String, String> substitution : List.of(oneValue(values), allValues(values))) {
                        String q = InfluxQl.render(t.query(), substitution, RANGE, INTERVAL_SECONDS);
                        JsonNode result = influx(q).path("results").path(0);
                        if (result.has("error")) {
                            failures.add(t + ": InfluxDB refused " + q + ": " + result.path("error").asText());
                        } else if (!hasValue(result)) {
                            failures.add(t + ": no data for " + q);
                        }
                    }
                }
            }
            assertThat(failures).isEmpty();
        });
    }

    /** The decisions of the autoscaler's dry-run rounds, one metric point per policy metric. */
    @Test
    void theAutoscalerDecisionsOnTheSwarmServiceAreInInfluxDb() {
        String service = fixture.swarm.name;
        assertThat(column(influx("SHOW TAG VALUES FROM \"wharf_autoscaler\" WITH KEY = \"orchestrator\" WHERE \"service\" = '" + service + "'"), 1))
                .containsExactly("swarm");
        assertThat(column(influx("SHOW TAG VALUES FROM \"wharf_autoscaler_metric\" WITH KEY = \"metric\" WHERE \"service\" = '" + service + "'"), 1))
                .containsExactlyInAnyOrder("cpu_percent", "requests_per_second");
        assertThat(column(influx("SELECT \"applied\" FROM \"wharf_autoscaler\" WHERE \"service\" = '" + service + "'"), 1))
                .as("a dry run applies nothing").containsExactly("false");
    }

    /**
     * The per-method panels group by the method tag: it must hold the methods the services were
     * called with, not one empty value (DISET's "Returning response" line does not repeat the
     * method of its "Executing action" line, so the two must be joined before counting).
     */
    @Test
    void diracRequestsAreCountedPerMethod() {
        await().atMost(remaining()).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(column(influx(
                "SHOW TAG VALUES FROM \"dirac_requests\" WITH KEY = \"method\" WHERE \"component\" = '" + DiracWorkload.FILE_CATALOG + "'"), 1))
                .contains("getReplicas", "listDirectory"));
    }

    @Test
    void everyMeasurementTagAndFieldTheDashboardsNameIsInTheData() {
        await().atMost(remaining()).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            Map<String, Set<String>> named = new LinkedHashMap<>();
            for (GrafanaDashboard d : GrafanaDashboard.all()) {
                for (GrafanaDashboard.Target t : d.targets()) {
                    if (t.datasourceType().equals("influxdb")) {
                        attribute(t.query(), named);
                    }
                }
                d.variables().stream().filter(v -> v.datasourceType().equals("influxdb")).forEach(v -> attribute(v.query(), named));
            }
            List<String> missing = new ArrayList<>();
            Set<String> measurements = column(influx("SHOW MEASUREMENTS"), 0);
            named.forEach((measurement, keys) -> {
                if (!measurements.contains(measurement)) {
                    missing.add("measurement " + measurement);
                    return;
                }
                Set<String> inData = column(influx("SHOW FIELD KEYS FROM \"" + measurement + "\""), 0);
                inData.addAll(column(influx("SHOW TAG KEYS FROM \"" + measurement + "\""), 0));
                keys.stream().filter(k -> !inData.contains(k)).forEach(k -> missing.add(measurement + "." + k));
            });
            assertThat(missing).as("named by a dashboard but not written by the agent or the autoscaler").isEmpty();
        });
    }

    // ------------------------------------------------------------------ Kibana on Elasticsearch

    @Test
    void everySavedSearchAndVisualisationHasHits() {
        KibanaSavedObjects saved = KibanaSavedObjects.load(Files.kibanaSavedObjects());
        await().atMost(remaining()).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> failures = new ArrayList<>();
            for (String type : List.of("search", "visualization")) {
                for (JsonNode o : saved.ofType(type)) {
                    String id = type + "/" + o.path("id").asText();
                    JsonNode body = KibanaSavedObjects.searchBody(o, RANGE, INTERVAL_SECONDS + "s");
                    Http.Response r = Http.post(Stack.elasticsearchUrl() + "/" + fixture.logsIndex + "/_search",
                            "application/json", body.toString());
                    if (r.status() != 200) {
                        failures.add(id + ": Elasticsearch answered " + r.status() + ": " + r.body());
                        continue;
                    }
                    JsonNode answer = GrafanaDashboard.MAPPER.readTree(r.body());
                    if (answer.path("hits").path("total").path("value").asLong() == 0) {
                        failures.add(id + ": no hits for " + body);
                    } else if (body.has("aggs") && !aggregationsHaveValues(answer.path("aggregations"))) {
                        failures.add(id + ": aggregations without values: " + answer.path("aggregations"));
                    }
                }
            }
            assertThat(failures).isEmpty();
        });
    }

    @Test
    void everyFieldTheSavedObjectsNameIsInTheData() {
        KibanaSavedObjects saved = KibanaSavedObjects.load(Files.kibanaSavedObjects());
        Set<String> fields = new LinkedHashSet<>();
        saved.ofType("search").forEach(o -> fields.addAll(KibanaSavedObjects.fields(o)));
        saved.ofType("visualization").forEach(o -> fields.addAll(KibanaSavedObjects.fields(o)));
        fields.add(saved.ofType("index-pattern").get(0).path("attributes").path("timeFieldName").asText());
        await().atMost(remaining()).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> missing = new ArrayList<>();
            for (String field : fields) {
                String body = "{\"query\":{\"exists\":{\"field\":\"" + field + "\"}}}";
                Http.Response r = Http.post(Stack.elasticsearchUrl() + "/" + fixture.logsIndex + "/_count", "application/json", body);
                if (r.status() != 200 || GrafanaDashboard.MAPPER.readTree(r.body()).path("count").asLong() == 0) {
                    missing.add(field);
                }
            }
            assertThat(missing).as("fields named by saved objects but absent from every document").isEmpty();
        });
    }

    // ------------------------------------------------------------------ helpers

    /** Variable values as Grafana's variable queries return them, each query run with the values chosen before it. */
    private Map<String, List<String>> influxVariableValues(GrafanaDashboard d, List<String> failures) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (GrafanaDashboard.Variable v : d.variables()) {
            if (!v.datasourceType().equals("influxdb")) {
                return null;
            }
            String q = InfluxQl.render(v.query(), oneValue(values), RANGE, INTERVAL_SECONDS);
            List<String> found = new ArrayList<>(column(influx(q), 1));
            if (found.isEmpty()) {
                failures.add(d.name() + " variable " + v.name() + ": no values for " + q);
                return null;
            }
            String chosen = preferred(d, v.name(), found);
            found.remove(chosen);
            found.add(0, chosen);
            values.put(v.name(), found);
        }
        return values;
    }

    /**
     * This run's own service, container and component, so the panels show the workload: the Swarm
     * service the autoscaler decides on, the DIRAC agent container for the Containers dashboard
     * (the one container with block I/O: cgroup v1 accounts it only for throttled devices) and the
     * FileCatalog service for the DIRAC dashboard.
     */
    private String preferred(GrafanaDashboard d, String variable, List<String> found) {
        boolean autoscalerDashboard = d.name().startsWith("autoscaler");
        boolean containersDashboard = d.name().startsWith("containers");
        String want = switch (variable) {
            case "host" -> fixture.agent.hostName();
            case "service" -> autoscalerDashboard ? fixture.swarm.name
                    : containersDashboard ? fixture.workload.jobAgentService : fixture.workload.fileCatalogService;
            case "container" -> containersDashboard ? fixture.workload.jobAgentContainer : fixture.workload.fileCatalogContainer;
            case "component" -> DiracWorkload.FILE_CATALOG;
            default -> null;
        };
        assertThat(found).as("values of $" + variable + " of " + d.name()).contains(want);
        return want;
    }

    private static Map<String, String> oneValue(Map<String, List<String>> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, InfluxQl.regexValue(v.get(0))));
        return out;
    }

    /** "All" as Grafana renders it without a custom all value: every value, escaped, as alternatives. */
    private static Map<String, String> allValues(Map<String, List<String>> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, "(" + String.join("|", v.stream().map(InfluxQl::regexValue).toList()) + ")"));
        return out;
    }

    /** Which keys of which measurement a query names (a key belongs to the FROM measurement whose schema has it). */
    private void attribute(String query, Map<String, Set<String>> named) {
        Set<String> measurements = InfluxQl.measurements(query);
        for (String m : measurements) {
            named.computeIfAbsent(m, k -> new LinkedHashSet<>());
        }
        for (String key : InfluxQl.keys(query)) {
            measurements.stream().filter(m -> schema.influx().get(m).has(key)).forEach(m -> named.get(m).add(key));
        }
    }

    private JsonNode influx(String query) {
        return fixture.influx(query);
    }

    /** Whether any series of an InfluxQL result has a non-null value besides its time. */
    private static boolean hasValue(JsonNode result) {
        for (JsonNode series : result.path("series")) {
            for (JsonNode row : series.path("values")) {
                for (int i = 1; i < row.size(); i++) {
                    if (!row.get(i).isNull()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** One column of every series of the first result (SHOW MEASUREMENTS: 0, SHOW TAG VALUES: 1). */
    private static Set<String> column(JsonNode answer, int index) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode series : answer.path("results").path(0).path("series")) {
            for (JsonNode row : series.path("values")) {
                out.add(row.get(index).asText());
            }
        }
        return out;
    }

    /** Every bucket aggregation has buckets, and every metric in the first innermost bucket has a value. */
    private static boolean aggregationsHaveValues(JsonNode aggs) {
        for (JsonNode agg : aggs) {
            if (agg.has("buckets")) {
                if (agg.path("buckets").isEmpty()) {
                    return false;
                }
                JsonNode first = agg.path("buckets").get(0);
                for (var it = first.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.getValue().isObject() && !aggregationsHaveValues(GrafanaDashboard.MAPPER.createObjectNode().set(e.getKey(), e.getValue()))) {
                        return false;
                    }
                }
            } else if (agg.has("value") && agg.path("value").isNull()) {
                return false;
            } else if (agg.has("values") && agg.path("values").elements().hasNext() && agg.path("values").elements().next().isNull()) {
                return false;
            }
        }
        return true;
    }

}
