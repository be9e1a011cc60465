package io.wharf.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import java.io.IOException;
import java.time.Duration;
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
 * containers on the real Docker engine and ships to the real Elasticsearch and InfluxDB; then
 * every Grafana InfluxQL panel query runs with its template variables set to values its variable
 * queries return, every saved search and visualisation runs through {@code _search}, and every
 * name a dashboard uses must be in the data. (The Prometheus dashboard: AgentInternalsDashboardIT.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardsProofIT {
    private static final Duration DATA_WAIT = Duration.ofSeconds(150);
    /** The dashboards' time range and group-by interval as the test renders them. */
    private static final String RANGE = "15m";
    private static final int INTERVAL_SECONDS = 5;

    private final Schema schema = Files.schema();
    private ProofFixture fixture;

    @BeforeAll
    void startAgentAndWorkload() throws Exception {
        fixture = ProofFixture.start(false);
    }

    @AfterAll
    void stopEverything() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    // ------------------------------------------------------------------ Grafana on InfluxDB

    @Test
    void everyGrafanaInfluxPanelReturnsDataForOneValueAndForAll() {
        await().atMost(DATA_WAIT).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> failures = new ArrayList<>();
            for (GrafanaDashboard d : GrafanaDashboard.all()) {
                Map<String, List<String>> values = influxVariableValues(d, failures);
                if (values == null) {
                    continue;
                }
                for (GrafanaDashboard.Target t : d.targets()) {
                    if (!t.datasourceType().equals("influxdb") || !producedByTheAgent(t.query())) {
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

    /** Only what another program writes (the autoscaler's decisions) is left out, and it is named here. */
    @Test
    void theOnlyPanelsNotProvenHereAreTheAutoscalerDecisions() {
        List<String> unproven = new ArrayList<>();
        for (GrafanaDashboard d : GrafanaDashboard.all()) {
            d.targets().stream().filter(t -> t.datasourceType().equals("influxdb") && !producedByTheAgent(t.query()))
                    .forEach(t -> unproven.add(t.toString()));
        }
        assertThat(unproven).allMatch(t -> t.startsWith("autoscaler.json")).hasSize(3);
    }

    /**
     * The per-method panels group by the method tag: it must hold the methods the services were
     * called with, not one empty value (DISET's "Returning response" line does not repeat the
     * method of its "Executing action" line, so the two must be joined before counting).
     */
    @Test
    void diracRequestsAreCountedPerMethod() {
        await().atMost(DATA_WAIT).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(column(influx(
                "SHOW TAG VALUES FROM \"dirac_requests\" WITH KEY = \"method\" WHERE \"component\" = '" + DiracWorkload.FILE_CATALOG + "'"), 1))
                .contains("getReplicas", "listDirectory"));
    }

    @Test
    void everyMeasurementTagAndFieldTheDashboardsNameIsInTheData() {
        await().atMost(DATA_WAIT).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
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
                if (!schema.influx().get(measurement).producer().equals("agent")) {
                    return;
                }
                if (!measurements.contains(measurement)) {
                    missing.add("measurement " + measurement);
                    return;
                }
                Set<String> inData = column(influx("SHOW FIELD KEYS FROM \"" + measurement + "\""), 0);
                inData.addAll(column(influx("SHOW TAG KEYS FROM \"" + measurement + "\""), 0));
                keys.stream().filter(k -> !inData.contains(k)).forEach(k -> missing.add(measurement + "." + k));
            });
            assertThat(missing).as("named by a dashboard but not written by the agent").isEmpty();
        });
    }

    // ------------------------------------------------------------------ Kibana on Elasticsearch

    @Test
    void everySavedSearchAndVisualisationHasHits() {
        KibanaSavedObjects saved = KibanaSavedObjects.load(Files.kibanaSavedObjects());
        await().atMost(DATA_WAIT).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
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
        await().atMost(DATA_WAIT).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
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
            if (!producedByTheAgent(v.query())) {
                // The autoscaler's decisions are not written here; its other panels use the agent's data.
                values.put(v.name(), List.of(preferred(v.name(), List.of())));
                continue;
            }
            String q = InfluxQl.render(v.query(), oneValue(values), RANGE, INTERVAL_SECONDS);
            List<String> found = new ArrayList<>(column(influx(q), 1));
            if (found.isEmpty()) {
                failures.add(d.name() + " variable " + v.name() + ": no values for " + q);
                return null;
            }
            String chosen = preferred(v.name(), found);
            found.remove(chosen);
            found.add(0, chosen);
            values.put(v.name(), found);
        }
        return values;
    }

    /** This run's own DIRAC service, container and component when the data has them, so the panels show the workload. */
    private String preferred(String variable, List<String> found) {
        String want = switch (variable) {
            case "host" -> fixture.agent.hostName();
            case "service" -> fixture.workload.fileCatalogService;
            case "container" -> fixture.workload.fileCatalogContainer;
            case "component" -> DiracWorkload.FILE_CATALOG;
            default -> null;
        };
        if (found.isEmpty()) {
            return want;
        }
        assertThat(found).as("values of $" + variable).contains(want);
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

    private boolean producedByTheAgent(String query) {
        return InfluxQl.measurements(query).stream().allMatch(m -> schema.influx().get(m).producer().equals("agent"));
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
