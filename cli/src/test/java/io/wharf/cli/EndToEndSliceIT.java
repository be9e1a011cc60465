package io.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.agent.Agent;
import io.wharf.agent.AgentConfig;
import io.wharf.core.config.ConfigLoader;
import io.wharf.core.json.Json;
import io.wharf.testkit.ElasticsearchCleanup;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import io.wharf.testkit.TestContainers;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The thin slice through every layer, all real: a busybox container prints DIRAC service lines;
 * the agent finds it through the Docker API, tails its json-file log, parses the lines, indexes
 * them into Elasticsearch, and writes the container's CPU and memory, read from its cgroup, to
 * InfluxDB. The test asks both servers what they hold, as an operator would.
 */
class EndToEndSliceIT {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String namespace = "e2e" + run;
    private final String database = "wharf_e2e_" + run;
    private final TestContainers containers = new TestContainers();
    private Agent agent;

    @AfterEach
    void cleanUp() {
        if (agent != null) {
            agent.close();
        }
        containers.close();
        ElasticsearchCleanup.deleteDataStreamsAndIndices(Stack.elasticsearchUrl(), "logs-wharf.*-" + namespace);
        ElasticsearchCleanup.deleteIndexTemplates(Stack.elasticsearchUrl(), "wharf-logs-" + namespace);
        Http.post(Stack.influxUrl() + "/query", "application/x-www-form-urlencoded", "q=" + Http.encode("DROP DATABASE " + database));
    }

    @Test
    void diracLinesReachElasticsearchParsedAndContainerMetricsReachInfluxdb() throws Exception {
        String script = "echo '2016-04-22 11:10:32 UTC DataManagement/FileCatalog[PzMY] NOTICE: Returning response "
                + "([::ffff:128.142.132.74]:58269)[diracAdmin:chaen] (0.01 secs) OK'; "
                + "echo '2016-04-22 11:10:33 UTC DataManagement/FileCatalog[PzMY]  ERROR: Something went wrong'; "
                + "while :; do sleep 1; done";
        String id = containers.spec("slice", script).start();
        String name = containers.name("slice");

        String yaml = """
                agent:
                  name: e2e-host
                  data_dir: %s
                logs:
                  parser: dirac
                metrics:
                  interval: 1s
                  flush_interval: 2s
                http:
                  enabled: false
                outputs:
                  elasticsearch:
                    hosts: [%s]
                    data_stream_namespace: %s
                    batch: {flush_interval: 200ms}
                  influxdb:
                    url: %s
                    database: %s
                    create_database: true
                    batch: {flush_interval: 200ms}
                """.formatted(java.nio.file.Files.createTempDirectory("wharf-e2e"), Stack.elasticsearchUrl(), namespace,
                Stack.influxUrl(), database);
        agent = Agent.start(ConfigLoader.parse("e2e.yml", yaml, AgentConfig.class, System::getenv));

        String search = Stack.elasticsearchUrl() + "/logs-wharf.*-" + namespace + "/_search?size=10";
        String query = "{\"query\":{\"term\":{\"container.name\":\"" + name + "\"}},\"sort\":[{\"@timestamp\":\"asc\"}]}";
        JsonNode hits = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> searchHits(search, query), h -> h != null && h.size() == 2);

        JsonNode response = hits.get(0).get("_source");
        assertThat(response.at("/@timestamp").asText()).startsWith("2016-04-22T11:10:32");
        assertThat(response.at("/log/level").asText()).isEqualTo("NOTICE");
        assertThat(response.at("/dirac/component").asText()).isEqualTo("DataManagement/FileCatalog");
        assertThat(response.at("/dirac/request/kind").asText()).isEqualTo("response");
        assertThat(response.at("/dirac/request/status").asText()).isEqualTo("OK");
        assertThat(response.at("/user/name").asText()).isEqualTo("chaen");
        assertThat(response.at("/user/group").asText()).isEqualTo("diracAdmin");
        assertThat(response.at("/client/ip").asText()).isEqualTo("::ffff:128.142.132.74");
        assertThat(response.at("/client/port").asInt()).isEqualTo(58269);
        assertThat(response.at("/event/duration").asLong()).isEqualTo(10_000_000L);
        assertThat(response.at("/container/name").asText()).isEqualTo(name);
        assertThat(response.at("/container/id").asText()).isEqualTo(id);
        assertThat(response.at("/host/name").asText()).isEqualTo("e2e-host");

        JsonNode error = hits.get(1).get("_source");
        assertThat(error.at("/log/level").asText()).isEqualTo("ERROR");
        assertThat(error.at("/message").asText()).contains("Something went wrong");

        String cpuQuery = "SELECT last(usage_total), last(usage_percent) FROM docker_container_cpu WHERE container_name = '" + name + "'";
        JsonNode cpu = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> influxSeries(cpuQuery), s -> s != null);
        assertThat(cpu.at("/values/0/1").asLong()).as("cumulative CPU ns of the container").isPositive();

        String memQuery = "SELECT last(usage), last(working_set) FROM docker_container_mem WHERE container_name = '" + name
                + "' GROUP BY host, service, container_image";
        JsonNode mem = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> influxSeries(memQuery), s -> s != null);
        assertThat(mem.at("/values/0/1").asLong()).as("memory usage bytes").isPositive();
        assertThat(mem.at("/tags/host").asText()).isEqualTo("e2e-host");
        assertThat(mem.at("/tags/service").asText()).isEqualTo(name);
        assertThat(mem.at("/tags/container_image").asText()).isEqualTo(Stack.testImage());
    }

    private static JsonNode searchHits(String url, String query) throws Exception {
        Http.Response r = Http.post(url, "application/json", query);
        if (r.status() != 200) {
            return null;
        }
        return Json.MAPPER.readTree(r.body()).at("/hits/hits");
    }

    private JsonNode influxSeries(String q) throws Exception {
        Http.Response r = Http.get(Stack.influxUrl() + "/query?db=" + database + "&q=" + Http.encode(q));
        JsonNode series = Json.MAPPER.readTree(r.body()).at("/results/0/series/0");
        return series.isMissingNode() ? null : series;
    }
}
