package io.wharf.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.agent.Agent;
import io.wharf.agent.AgentConfig;
import io.wharf.core.config.ConfigLoader;
import io.wharf.testkit.ElasticsearchCleanup;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import io.wharf.testkit.TestContainers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The real agent, in-process, following this run's DIRAC-like containers on the real Docker
 * engine and shipping to the real Elasticsearch (a namespace of its own) and InfluxDB (a database
 * of its own); optionally a real Prometheus scraping the agent's /metrics. Removes all of it on close.
 */
final class ProofFixture implements AutoCloseable {
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String database = "wharf_dashboards_" + run;
    final String namespace = "dash" + run;
    /** This run's log data streams, within the data view's logs-wharf.*. */
    final String logsIndex = "logs-wharf.*-" + namespace;

    TestContainers containers;
    DiracWorkload workload;
    Agent agent;
    PrometheusServer prometheus;
    /** A real Swarm service of DIRAC-like tasks, for the autoscaler's decisions; null unless asked for. */
    SwarmDiracService swarm;
    private Path dataDir;

    static ProofFixture start(boolean withPrometheus) throws Exception {
        return start(withPrometheus, false);
    }

    static ProofFixture start(boolean withPrometheus, boolean withSwarmService) throws Exception {
        ProofFixture f = new ProofFixture();
        try {
            f.startAll(withPrometheus);
            if (withSwarmService) {
                f.swarm = new SwarmDiracService(f.containers, 1);
            }
        } catch (Exception | AssertionError e) {
            f.close();
            throw e;
        }
        return f;
    }

    private void startAll(boolean withPrometheus) throws Exception {
        containers = new TestContainers();
        workload = new DiracWorkload(containers);
        workload.start();
        dataDir = java.nio.file.Files.createTempDirectory("wharf-dashboards-");
        int httpPort = PrometheusServer.freePort();
        String yaml = """
                agent:
                  name: dashboards-%1$s
                  data_dir: %2$s
                docker:
                  host: %3$s
                logs:
                  parser: dirac
                  # Only this run's containers: other tests share the Docker engine.
                  rules:
                    - match: {label: "wharf.test=%9$s"}
                      exclude: false
                    - match: {name: "*"}
                      exclude: true
                metrics:
                  interval: 1s
                  flush_interval: 2s
                http:
                  host: 127.0.0.1
                  port: %4$d
                outputs:
                  elasticsearch:
                    hosts: ["%5$s"]
                    data_stream_namespace: %6$s
                    batch: {max_events: 500, flush_interval: 500ms}
                  influxdb:
                    url: %7$s
                    database: %8$s
                    batch: {max_events: 2000, flush_interval: 1s}
                """.formatted(run, dataDir, Stack.dockerHost(), httpPort, Stack.elasticsearchUrl(), namespace,
                Stack.influxUrl(), database, containers.runId());
        influx("CREATE DATABASE \"" + database + "\"");
        agent = Agent.start(ConfigLoader.parse("dashboards-proof.yml", yaml, AgentConfig.class, System::getenv));
        if (withPrometheus) {
            prometheus = PrometheusServer.scraping("wharf-agent", "127.0.0.1:" + httpPort);
        }
    }

    /** An InfluxQL statement on this run's database, answered as JSON. */
    JsonNode influx(String query) {
        Http.Response r = Http.post(Stack.influxUrl() + "/query", "application/x-www-form-urlencoded",
                "db=" + Http.encode(database) + "&q=" + Http.encode(query));
        try {
            return GrafanaDashboard.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB answered " + r.status() + ": " + r.body(), e);
        }
    }

    @Override
    public void close() throws IOException {
        closeQuietly(prometheus);
        closeQuietly(swarm);
        closeQuietly(agent);
        closeQuietly(workload);
        closeQuietly(containers);
        influx("DROP DATABASE \"" + database + "\"");
        ElasticsearchCleanup.deleteDataStreamsAndIndices(Stack.elasticsearchUrl(), logsIndex);
        // The Elasticsearch sink installs one index template per namespace.
        ElasticsearchCleanup.deleteIndexTemplates(Stack.elasticsearchUrl(), "wharf-logs-" + namespace);
        if (dataDir != null) {
            try (Stream<Path> files = java.nio.file.Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // cleanup must go on
        }
    }
}
