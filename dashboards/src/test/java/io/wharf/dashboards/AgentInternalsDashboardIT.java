package io.wharf.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.testkit.Http;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent-internals dashboard, as Grafana would run it: a real Prometheus (Debian's package)
 * scrapes the real agent's /metrics while it follows DIRAC-like containers; every variable query
 * must return values and every panel query must return numbers, with one value and with All.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentInternalsDashboardIT {
    private static final Duration DATA_WAIT = Duration.ofSeconds(120);
    private ProofFixture fixture;

    @BeforeAll
    void startAgentAndPrometheus() throws Exception {
        fixture = ProofFixture.start(true);
    }

    @AfterAll
    void stopEverything() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyAgentInternalsPanelReturnsDataFromPrometheus() {
        await().atMost(DATA_WAIT).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> failures = new ArrayList<>();
            for (GrafanaDashboard d : GrafanaDashboard.all()) {
                if (d.targets().stream().noneMatch(t -> t.datasourceType().equals("prometheus"))) {
                    continue;
                }
                Map<String, String> one = new LinkedHashMap<>();
                Map<String, String> all = new LinkedHashMap<>();
                for (GrafanaDashboard.Variable v : d.variables()) {
                    List<String> values = labelValues(PromQlVariable.renderVariable(v.query(), one));
                    if (values.isEmpty()) {
                        failures.add(d.name() + " variable " + v.name() + ": no values for " + v.query());
                        continue;
                    }
                    // A sink is the component every panel has data for (it also measures latency).
                    String chosen = values.stream().filter(x -> x.startsWith("sink.")).findFirst().orElse(values.get(0));
                    one.put(v.name(), PromQlVariable.regexValue(chosen));
                    all.put(v.name(), "(" + String.join("|", values.stream().map(PromQlVariable::regexValue).toList()) + ")");
                }
                for (GrafanaDashboard.Target t : d.targets()) {
                    for (Map<String, String> vars : List.of(one, all)) {
                        String expr = PromQlVariable.render(t.query(), vars);
                        JsonNode answer = promQuery(expr);
                        if (!answer.path("status").asText().equals("success")) {
                            failures.add(t + ": Prometheus refused " + expr + ": " + answer);
                        } else if (!PromQlVariable.hasValue(answer)) {
                            failures.add(t + ": no data for " + expr);
                        }
                    }
                }
            }
            assertThat(failures).isEmpty();
        });
    }

    private List<String> labelValues(PromQlVariable.LabelValues q) {
        Http.Response r = Http.get(fixture.prometheus.url() + "/api/v1/label/" + q.label() + "/values?match[]=" + Http.encode(q.selector()));
        List<String> out = new ArrayList<>();
        try {
            GrafanaDashboard.MAPPER.readTree(r.body()).path("data").forEach(n -> out.add(n.asText()));
        } catch (IOException e) {
            throw new IllegalStateException(r.body(), e);
        }
        return out;
    }

    private JsonNode promQuery(String expr) throws IOException {
        long end = System.currentTimeMillis() / 1000;
        Http.Response r = Http.post(fixture.prometheus.url() + "/api/v1/query_range", "application/x-www-form-urlencoded",
                "query=" + Http.encode(expr) + "&start=" + (end - 120) + "&end=" + end + "&step=2");
        return GrafanaDashboard.MAPPER.readTree(r.body());
    }

}
