package io.wharf.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every dashboard and saved object parses, is wired together (data sources, references,
 * variables) and names only what schema.yml lists. Runs without any server.
 */
class DashboardsStaticTest {
    private final Schema schema = Files.schema();

    @Test
    void grafanaDashboardsAreConsistentWithTheSchema() {
        List<GrafanaDashboard> dashboards = GrafanaDashboard.all();
        assertThat(dashboards).extracting(GrafanaDashboard::name)
                .containsExactlyInAnyOrder("containers.json", "hosts.json", "dirac.json", "autoscaler.json", "self.json");
        List<String> problems = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        for (GrafanaDashboard d : dashboards) {
            problems.addAll(DashboardLint.grafana(d, schema, provisionedDatasourceUids()));
            if (!uids.add(d.json().path("uid").asText())) {
                problems.add(d.name() + ": uid " + d.json().path("uid").asText() + " is used twice");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void containerDashboardFiltersByHostServiceAndContainer() {
        GrafanaDashboard d = GrafanaDashboard.load(Files.grafanaDashboards().resolve("containers.json"));
        assertThat(d.variables()).extracting(GrafanaDashboard.Variable::name).containsExactly("host", "service", "container");
        assertThat(d.targets()).allSatisfy(t -> assertThat(t.query())
                .contains("/^$host$/").contains("/^$service$/").contains("/^$container$/"));
    }

    @Test
    void everyPanelHasAQuery() {
        for (GrafanaDashboard d : GrafanaDashboard.all()) {
            for (JsonNode p : GrafanaDashboard.panels(d.json())) {
                if (!p.path("type").asText().equals("row")) {
                    assertThat(d.targets()).as(d.name() + " panel " + p.path("title").asText())
                            .anyMatch(t -> t.panelId() == p.path("id").asInt() && !t.query().isBlank());
                }
            }
        }
    }

    @Test
    void provisioningDefinesTheDashboardFolder() throws IOException {
        JsonNode providers = yaml(Files.grafanaProvisioning().resolve("dashboards/wharf.yml")).path("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("type").asText()).isEqualTo("file");
        assertThat(providers.get(0).path("options").path("path").asText()).isNotBlank();
        assertThat(provisionedDatasourceUids()).containsExactlyInAnyOrder("wharf-influxdb", "wharf-prometheus");
    }

    @Test
    void kibanaSavedObjectsAreConsistentWithTheSchema() {
        KibanaSavedObjects saved = KibanaSavedObjects.load(Files.kibanaSavedObjects());
        assertThat(DashboardLint.kibana(saved, schema)).isEmpty();
        assertThat(saved.ofType("search")).extracting(o -> o.path("id").asText())
                .containsExactlyInAnyOrder("wharf-dirac-errors", "wharf-dirac-component-requests", "wharf-parse-failures");
        assertThat(saved.ofType("visualization")).extracting(o -> o.path("id").asText())
                .containsExactlyInAnyOrder("wharf-log-volume-by-level", "wharf-top-components-by-errors",
                        "wharf-response-time-by-method", "wharf-top-callers");
        assertThat(saved.ofType("dashboard")).hasSize(1);
    }

    // The checks themselves must be able to fail: each case below breaks one thing.

    @Test
    void aFieldTheAgentDoesNotProduceIsReported() {
        assertThat(DashboardLint.influxNames("q", "SELECT mean(\"usage_pct\") FROM \"docker_container_cpu\" WHERE $timeFilter", schema))
                .containsExactly("q: 'usage_pct' is neither a tag nor a field of [docker_container_cpu] in schema.yml");
        assertThat(DashboardLint.influxNames("q", "SELECT mean(\"x\") AS \"y\" FROM \"docker_cpu\"", schema))
                .contains("q: measurement 'docker_cpu' is not in schema.yml");
        assertThat(DashboardLint.promNames("q", "rate(wharf_events_total[1m])", "{{component}}", schema))
                .contains("q: metric 'wharf_events_total' is not in schema.yml");
        assertThat(DashboardLint.promNames("q", "sum by (stage) (rate(wharf_events_in_total[1m]))", "", schema))
                .contains("q: label 'stage' is not a label of [wharf_events_in_total]");
        assertThat(DashboardLint.promNames("q", "rate(wharf_events_dropped_total[1m])", "", schema))
                .anyMatch(p -> p.contains("exists only after the first occurrence"));
    }

    @Test
    void brokenGrafanaDashboardIsReported() {
        GrafanaDashboard good = GrafanaDashboard.load(Files.grafanaDashboards().resolve("containers.json"));
        ObjectNode json = good.json().deepCopy();
        ArrayNode panels = (ArrayNode) json.path("panels");
        ObjectNode second = (ObjectNode) panels.get(2);
        second.put("id", panels.get(1).path("id").asInt());
        ((ObjectNode) second.path("targets").get(0)).put("query",
                "SELECT mean(\"usage_percent\") FROM \"docker_container_cpu\" WHERE \"pod\" =~ /^$pod$/ GROUP BY \"host\"");
        ((ObjectNode) second.path("targets").get(0)).put("alias", "$tag_container_name");
        ((ObjectNode) second.path("targets").get(0)).put("rawQuery", false);
        Path file = good.file();
        GrafanaDashboard broken = new GrafanaDashboard(file, json, good.variables(),
                GrafanaDashboard.load(file).targets().stream().map(t -> t.panelId() != panels.get(2).path("id").asInt() ? t
                        : new GrafanaDashboard.Target(t.dashboard(), panels.get(1).path("id").asInt(), t.panelTitle(), t.panelType(),
                                t.refId(), t.datasourceType(), second.path("targets").get(0).path("query").asText(), t.resultFormat(),
                                "$tag_container_name")).toList());
        List<String> problems = DashboardLint.grafana(broken, schema, Set.of("wharf-influxdb"));
        assertThat(problems).anyMatch(p -> p.contains("panel id is not unique"))
                .anyMatch(p -> p.contains("uses $pod, which the dashboard does not define"))
                .anyMatch(p -> p.contains("'pod' is neither a tag nor a field"))
                .anyMatch(p -> p.contains("alias uses $tag_container_name but the query does not GROUP BY it"))
                .anyMatch(p -> p.contains("rawQuery: true"));
    }

    @Test
    void brokenSavedObjectsAreReported() {
        KibanaSavedObjects good = KibanaSavedObjects.load(Files.kibanaSavedObjects());
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode o : good.objects()) {
            ObjectNode copy = o.deepCopy();
            if (o.path("id").asText().equals("wharf-dirac-errors")) {
                ObjectNode meta = (ObjectNode) copy.path("attributes").path("kibanaSavedObjectMeta");
                meta.put("searchSourceJSON", meta.path("searchSourceJSON").asText().replace("log.level:", "level:"));
            }
            if (o.path("type").asText().equals("dashboard")) {
                ((ArrayNode) copy.path("references")).remove(0);
            }
            objects.add(copy);
        }
        List<String> problems = DashboardLint.kibana(new KibanaSavedObjects(objects), schema);
        assertThat(problems).anyMatch(p -> p.equals("search/wharf-dirac-errors: field 'level' is not in schema.yml"))
                .anyMatch(p -> p.startsWith("dashboard/wharf-logs-overview: no reference named 'p1:panel_p1'"));
    }

    @Test
    void visualizationBecomesTheSearchKibanaWouldSend() {
        KibanaSavedObjects saved = KibanaSavedObjects.load(Files.kibanaSavedObjects());
        JsonNode vis = saved.ofType("visualization").stream()
                .filter(o -> o.path("id").asText().equals("wharf-response-time-by-method")).findFirst().orElseThrow();
        JsonNode body = KibanaSavedObjects.searchBody(vis, "1h", "1m");
        assertThat(body.at("/query/bool/must/0/query_string/query").asText()).isEqualTo("_exists_:event.duration AND _exists_:dirac.request.method");
        assertThat(body.at("/query/bool/filter/0/range/@timestamp/gte").asText()).isEqualTo("now-1h");
        JsonNode terms = body.at("/aggs/5");
        assertThat(terms.at("/terms/field").asText()).isEqualTo("dirac.request.method");
        assertThat(terms.at("/terms/order/3.95").asText()).isEqualTo("desc");
        assertThat(terms.at("/aggs/3/percentiles/field").asText()).isEqualTo("event.duration");
        assertThat(terms.at("/aggs/2/avg/field").asText()).isEqualTo("event.duration");
    }

    @Test
    void grafanaSubstitutesVariablesAsRegexAlternatives() {
        String q = "SELECT mean(\"usage_percent\") FROM \"docker_container_cpu\" WHERE \"service\" =~ /^$service$/ AND $timeFilter GROUP BY time($__interval)";
        assertThat(InfluxQl.render(q, Map.of("service", InfluxQl.regexValue("DataManagement/FileCatalog")), "1h", 5))
                .isEqualTo("SELECT mean(\"usage_percent\") FROM \"docker_container_cpu\" WHERE \"service\" =~ /^DataManagement\\/FileCatalog$/ AND time > now() - 1h GROUP BY time(5s)");
    }

    static Set<String> provisionedDatasourceUids() {
        Set<String> uids = new HashSet<>();
        try {
            yaml(Files.grafanaProvisioning().resolve("datasources/wharf.yml")).path("datasources")
                    .forEach(d -> uids.add(d.path("uid").asText()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return uids;
    }

    private static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    }
}
