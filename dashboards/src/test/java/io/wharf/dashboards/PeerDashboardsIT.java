package io.wharf.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.BlkioStatEntry;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Statistics;
import io.wharf.agent.Agent;
import io.wharf.agent.AgentConfig;
import io.wharf.core.config.ConfigLoader;
import io.wharf.testkit.EngineStats;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import io.wharf.testkit.TestContainers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Drop-in for cAdvisor and Telegraf users, proven the way they would try it: real containers with
 * labels and CPU, memory, network and disk load on the real Docker engine; the real agent writing
 * to the real InfluxDB (Telegraf's schema and cAdvisor's InfluxDB storage schema) and scraped by a
 * real Prometheus as cAdvisor is. Then the queries of community dashboards, written the way those
 * communities write theirs (Telegraf docker boards: InfluxQL on {@code engine_host} and
 * {@code container_name} variables, GROUP BY "container_name"; cAdvisor boards: PromQL on
 * {@code name}, {@code image!=""}, {@code container_label_*}, host totals on {@code id="/"};
 * cAdvisor-on-InfluxDB boards: one measurement per metric, field {@code value}), each asserted
 * non-empty and against the engine's own {@code /info} and {@code /containers/{id}/stats}.
 *
 * <p>Block I/O: this machine's kernel accounts no block I/O to any cgroup (the engine's
 * blkio_stats are empty, even for direct I/O), so block I/O panels are checked to agree with the
 * engine: Telegraf's device=total rollup answers the engine's sum (0 here), per-device series exist
 * exactly when the engine lists devices. The readers of every blkio file are unit-tested on the
 * kernel's documented layouts (CgroupV1ReaderTest, CgroupV2ReaderTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerDashboardsIT {
    /** From the agent's start until every panel must have data (rates need a minute's window to fill a little). */
    private static final Duration DATA_WAIT = Duration.ofSeconds(120);
    private static final long MEMORY_LIMIT = 256L << 20;
    private static final long HELD = 48L << 20;
    private static final long WRITTEN = 24L << 20;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String database = "wharf_peers_" + run;
    private final String agentName = "peers-" + run;
    private TestContainers containers;
    private Agent agent;
    private PrometheusServer prometheus;
    private Path dataDir;
    private Info engine;
    private int httpPort;
    private Instant deadline;
    private String burner;
    private String holder;
    private String pinger;
    private String writer;
    private final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeAll
    void startContainersAgentAndPrometheus() throws Exception {
        containers = new TestContainers();
        burner = start(containers.spec("burn", "while :; do :; done").cpus(0.5)
                .label("com.docker.compose.service", "cpu-burner").label("org.example.team", "grid")
                .env("DIRAC_SETUP", "LHCb-Production"));
        // 48 MiB in the container's /dev/shm (tmpfs): charged to its memory cgroup, and stable
        holder = start(containers.spec("hold", "dd if=/dev/zero of=/dev/shm/hold bs=1M count=48 2>/dev/null; sleep 3600")
                .memory(MEMORY_LIMIT).label("org.example.team", "grid"));
        // ICMP to the bridge's gateway (the host): traffic both ways on eth0
        pinger = start(containers.spec("ping", "ping -q -s 1400 -i 0.2 $(ip route | awk '/default/ {print $3}')"));
        // 24 MiB written into the container's writable layer: its disk usage
        writer = start(containers.spec("write", "dd if=/dev/zero of=/data.bin bs=1M count=24 2>/dev/null; sync; sleep 3600"));
        engine = containers.docker().infoCmd().exec();

        dataDir = Files.createTempDirectory("wharf-peers-");
        httpPort = PrometheusServer.freePort();
        String yaml = """
                agent:
                  name: %1$s
                  data_dir: %2$s
                docker:
                  host: %3$s
                logs:
                  enabled: false
                metrics:
                  interval: 1s
                  flush_interval: 2s
                  influxdb_schemas: [telegraf, cadvisor]
                  # as Telegraf's docker_label_exclude: this label is not an InfluxDB tag (cAdvisor still has it)
                  docker_label_exclude: ["org.example.*"]
                  env_metadata_whitelist: [DIRAC_]
                http:
                  host: 127.0.0.1
                  port: %4$d
                outputs:
                  influxdb:
                    url: %5$s
                    database: %6$s
                    batch: {max_events: 5000, flush_interval: 1s}
                """.formatted(agentName, dataDir, Stack.dockerHost(), httpPort, Stack.influxUrl(), database);
        influx("CREATE DATABASE \"" + database + "\"");
        agent = Agent.start(ConfigLoader.parse("peer-dashboards.yml", yaml, AgentConfig.class, System::getenv));
        prometheus = PrometheusServer.scraping("cadvisor", "127.0.0.1:" + httpPort);
        deadline = Instant.now().plus(DATA_WAIT);
    }

    private String start(TestContainers.Spec spec) {
        String id = spec.start();
        String name = containers.docker().inspectContainerCmd(id).exec().getName().substring(1);
        ids.put(name, id);
        return name;
    }

    @AfterAll
    void stopEverything() throws IOException {
        if (prometheus != null) {
            prometheus.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (containers != null) {
            containers.close();
        }
        influx("DROP DATABASE \"" + database + "\"");
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------- Telegraf docker dashboards

    @Test
    void telegrafDockerDashboardsOnEngineHostAndContainerName() {
        String host = engine.getName();
        String where = "\"engine_host\" =~ /^" + InfluxQl.regexValue(host) + "$/ AND \"container_name\" =~ /^("
                + String.join("|", ids.keySet()) + ")$/ AND time > now() - 5m";

        // the $host and $container variables
        assertThat(eventually(() -> tagValues("SHOW TAG VALUES FROM \"docker_container_cpu\" WITH KEY = \"engine_host\""),
                v -> v.contains(host))).contains(host);
        assertThat(eventually(() -> tagValues("SHOW TAG VALUES FROM \"docker_container_cpu\" WITH KEY = \"container_name\" WHERE "
                + "\"engine_host\" =~ /^" + InfluxQl.regexValue(host) + "$/"), v -> v.containsAll(ids.keySet())))
                .containsAll(ids.keySet());
        assertThat(tagValues("SHOW TAG VALUES FROM \"docker_container_mem\" WITH KEY = \"host\"")).contains(agentName);

        // CPU per container: the burner busy, never above its half core (far below it while the
        // shared machine is saturated), and its counter the engine's
        Map<String, Double> cpu = eventually(() -> lastPerContainer("SELECT mean(\"usage_percent\") FROM \"docker_container_cpu\" WHERE "
                + where + " AND \"cpu\" = 'cpu-total' GROUP BY time(10s), \"container_name\" fill(none)"),
                m -> m.keySet().containsAll(ids.keySet()) && m.get(burner) > 0);
        assertThat(cpu.get(burner)).isGreaterThan(0.0).isLessThanOrEqualTo(60.0);
        JsonNode usage = series("SELECT last(\"usage_total\") FROM \"docker_container_cpu\" WHERE " + where + " AND \"container_name\" = '"
                + burner + "' AND \"cpu\" = 'cpu-total'").get(0).path("values").get(0);
        assertCpuCounterIsTheEngines(usage.get(1).asDouble(), Instant.parse(usage.get(0).asText()));
        // per CPU (Telegraf's perdevice default): one series per online CPU, adding up to cpu-total
        Map<String, Double> perCpu = eventually(() -> lastPerTag("SELECT last(\"usage_total\") FROM \"docker_container_cpu\" WHERE "
                + where + " AND \"container_name\" = '" + burner + "' AND \"cpu\" =~ /^cpu[0-9]+$/ GROUP BY \"cpu\"", "cpu"),
                m -> m.size() == engine.getNCPU());
        double total = lastPerContainer("SELECT last(\"usage_total\") FROM \"docker_container_cpu\" WHERE " + where
                + " AND \"container_name\" = '" + burner + "' AND \"cpu\" = 'cpu-total' GROUP BY \"container_name\"").get(burner);
        assertThat(perCpu.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(total, org.assertj.core.data.Percentage.withPercentage(2));

        // memory: usage and limit as the engine reports them
        Map<String, List<Double>> mem = eventually(() -> lastValuesPerContainer("SELECT last(\"usage\"), last(\"limit\"), "
                + "last(\"usage_percent\") FROM \"docker_container_mem\" WHERE " + where + " GROUP BY \"container_name\""),
                m -> m.containsKey(holder) && m.get(holder).get(0) >= HELD);
        Statistics held = EngineStats.of(containers.docker(), ids.get(holder));
        assertThat(mem.get(holder).get(0)).isCloseTo(held.getMemoryStats().getUsage(),
                org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(mem.get(holder).get(1)).isEqualTo((double) held.getMemoryStats().getLimit()).isEqualTo((double) MEMORY_LIMIT);
        assertThat(mem.get(holder).get(2)).isBetween(100.0 * (HELD - (4L << 20)) / MEMORY_LIMIT, 100.0);

        // network: a rate per container on eth0, and Telegraf's network=total rollup
        Map<String, Double> rx = eventually(() -> lastPerContainer("SELECT non_negative_derivative(last(\"rx_bytes\"), 1s) FROM "
                + "\"docker_container_net\" WHERE " + where + " AND \"network\" = 'eth0' GROUP BY time(4s), \"container_name\" fill(none)"),
                m -> m.getOrDefault(pinger, 0.0) > 1000);
        assertThat(rx.get(pinger)).isGreaterThan(1000.0); // 1428-byte replies, 5 a second
        Map<String, Double> txTotal = lastPerContainer("SELECT last(\"tx_bytes\") FROM \"docker_container_net\" WHERE " + where
                + " AND \"network\" = 'total' GROUP BY \"container_name\"");
        long engineTx = EngineStats.of(containers.docker(), ids.get(pinger)).getNetworks().get("eth0").getTxBytes();
        assertThat(txTotal.get(pinger)).isPositive().isLessThanOrEqualTo(engineTx);

        // block I/O: the device=total rollup of every container, what the engine counts (nothing on this kernel)
        Map<String, List<Double>> io = eventually(() -> lastValuesPerContainer("SELECT last(\"io_service_bytes_recursive_read\"), "
                + "last(\"io_service_bytes_recursive_write\") FROM \"docker_container_blkio\" WHERE " + where
                + " AND \"device\" = 'total' GROUP BY \"container_name\""), m -> m.keySet().containsAll(ids.keySet()));
        for (String name : ids.keySet()) {
            Statistics s = EngineStats.of(containers.docker(), ids.get(name));
            assertThat(io.get(name).get(0)).as(name + " read").isLessThanOrEqualTo(engineBlkio(s, "read"));
            assertThat(io.get(name).get(1)).as(name + " write").isLessThanOrEqualTo(engineBlkio(s, "write"));
            boolean engineHasDevices = s.getBlkioStats() != null && s.getBlkioStats().getIoServiceBytesRecursive() != null
                    && !s.getBlkioStats().getIoServiceBytesRecursive().isEmpty();
            List<JsonNode> perDevice = series("SELECT last(\"io_service_bytes_recursive_write\") FROM \"docker_container_blkio\" WHERE "
                    + where + " AND \"container_name\" = '" + name + "' AND \"device\" != 'total' GROUP BY \"device\"");
            assertThat(!perDevice.isEmpty()).as(name + " per-device series exist as the engine lists devices").isEqualTo(engineHasDevices);
        }

        // engine overview (the docker measurement), as /info reports it
        List<Double> docker = eventually(() -> lastValues("SELECT last(\"n_containers\"), last(\"n_containers_running\"), "
                + "last(\"n_images\"), last(\"n_cpus\"), last(\"memory_total\") FROM \"docker\" WHERE \"engine_host\" =~ /^"
                + InfluxQl.regexValue(host) + "$/ AND time > now() - 5m"), v -> !v.isEmpty());
        assertThat(docker.get(0)).isGreaterThanOrEqualTo(ids.size());
        assertThat(docker.get(1)).isGreaterThanOrEqualTo(ids.size());
        assertThat(docker.get(3)).isEqualTo((double) engine.getNCPU());
        assertThat(docker.get(4)).isEqualTo((double) engine.getMemTotal());

        // container status (uptime, restarts) of running containers, by the container_status tag
        Map<String, List<Double>> status = eventually(() -> lastValuesPerContainer("SELECT last(\"uptime_ns\"), last(\"restart_count\"), "
                + "last(\"exitcode\") FROM \"docker_container_status\" WHERE " + where + " AND \"container_status\" = 'running' "
                + "GROUP BY \"container_name\""), m -> m.keySet().containsAll(ids.keySet()));
        Instant started = Instant.parse(containers.docker().inspectContainerCmd(ids.get(burner)).exec().getState().getStartedAt());
        assertThat(status.get(burner).get(0) / 1e9).isPositive()
                .isLessThanOrEqualTo(Duration.between(started, Instant.now()).toMillis() / 1e3 + 1);
        assertThat(status.get(burner).subList(1, 3)).containsOnly(0.0);

        // a container label as a tag (a panel's label filter), and the excluded one is no tag
        Map<String, Double> byLabel = lastPerContainer("SELECT mean(\"usage_percent\") FROM \"docker_container_cpu\" WHERE "
                + "\"com.docker.compose.service\" = 'cpu-burner' AND time > now() - 5m GROUP BY \"container_name\"");
        assertThat(byLabel).containsOnlyKeys(burner);
        List<String> tagKeys = column(influx("SHOW TAG KEYS FROM \"docker_container_cpu\""));
        assertThat(tagKeys).contains("engine_host", "server_version", "container_name", "container_image", "container_version",
                "container_status", "com.docker.compose.service", "cpu", "host").doesNotContain("org.example.team");
        assertThat(tagValues("SHOW TAG VALUES FROM \"docker_container_cpu\" WITH KEY = \"server_version\""))
                .contains(engine.getServerVersion());
    }

    /**
     * The burner's cumulative CPU time as a dashboard read it ({@code ns} at {@code at}) is the
     * engine's: no more than the engine counts afterwards, and no less than that minus what half a
     * core (its limit) can add since {@code at}.
     */
    private void assertCpuCounterIsTheEngines(double ns, Instant at) {
        Statistics after = EngineStats.of(containers.docker(), ids.get(burner));
        double engineNs = after.getCpuStats().getCpuUsage().getTotalUsage();
        double since = Duration.between(at, Instant.now()).toMillis() / 1e3 + 1;
        assertThat(ns).as("burner CPU ns at %s (engine: %.0f, %.1f s later)", at, engineNs, since)
                .isPositive().isLessThanOrEqualTo(engineNs).isGreaterThanOrEqualTo(engineNs - since * 0.55e9);
    }

    private static double engineBlkio(Statistics s, String op) {
        if (s.getBlkioStats() == null || s.getBlkioStats().getIoServiceBytesRecursive() == null) {
            return 0;
        }
        return s.getBlkioStats().getIoServiceBytesRecursive().stream().filter(e -> op.equalsIgnoreCase(e.getOp()))
                .mapToLong(BlkioStatEntry::getValue).sum();
    }

    // ---------------------------------------------------------------- cAdvisor's InfluxDB storage schema

    @Test
    void cadvisorInfluxDbDashboardsOnMachineAndContainerName() {
        String machine = "\"machine\" =~ /^" + InfluxQl.regexValue(agentName) + "$/ AND time > now() - 5m";
        // cumulative ns: dashboards take a derivative
        Map<String, Double> cpu = eventually(() -> lastPerContainer("SELECT derivative(mean(\"value\"), 1s) / 1000000000 FROM "
                + "\"cpu_usage_total\" WHERE " + machine + " AND \"container_name\" = '" + burner + "' GROUP BY time(10s), \"container_name\" fill(none)"),
                m -> m.getOrDefault(burner, 0.0) > 0);
        assertThat(cpu.get(burner)).isGreaterThan(0.0).isLessThanOrEqualTo(0.6);
        JsonNode usage = series("SELECT last(\"value\") FROM \"cpu_usage_total\" WHERE " + machine + " AND \"container_name\" = '"
                + burner + "'").get(0).path("values").get(0);
        assertCpuCounterIsTheEngines(usage.get(1).asDouble(), Instant.parse(usage.get(0).asText()));
        Map<String, Double> mem = eventually(() -> lastPerContainer("SELECT last(\"value\") FROM \"memory_usage\" WHERE " + machine
                + " AND \"container_name\" = '" + holder + "' GROUP BY \"container_name\""), m -> m.getOrDefault(holder, 0.0) >= HELD);
        assertThat(mem.get(holder)).isCloseTo(EngineStats.of(containers.docker(), ids.get(holder)).getMemoryStats().getUsage(),
                org.assertj.core.data.Percentage.withPercentage(5));
        Map<String, Double> rx = eventually(() -> lastPerContainer("SELECT non_negative_derivative(last(\"value\"), 1s) FROM \"rx_bytes\" WHERE "
                + machine + " AND \"container_name\" = '" + pinger + "' GROUP BY time(4s), \"container_name\" fill(none)"),
                m -> m.getOrDefault(pinger, 0.0) > 1000);
        assertThat(rx.get(pinger)).isGreaterThan(1000.0);
        Map<String, Double> fs = eventually(() -> lastPerContainer("SELECT last(\"value\") FROM \"fs_usage\" WHERE " + machine
                + " AND \"container_name\" = '" + writer + "' AND \"type\" = 'usage' GROUP BY \"container_name\""),
                m -> m.getOrDefault(writer, 0.0) >= WRITTEN);
        double limit = lastPerContainer("SELECT last(\"value\") FROM \"fs_limit\" WHERE " + machine + " AND \"container_name\" = '"
                + writer + "' AND \"type\" = 'limit' GROUP BY \"container_name\"").get(writer);
        assertThat(fs.get(writer)).isBetween((double) WRITTEN, (double) WRITTEN + (64L << 20));
        assertThat(limit).isGreaterThan(fs.get(writer));
        // the machine: cAdvisor's root container "/"
        Map<String, Double> root = lastPerContainer("SELECT last(\"value\") FROM \"memory_usage\" WHERE " + machine
                + " AND \"container_name\" = '/' GROUP BY \"container_name\"");
        assertThat(root.get("/")).isPositive().isLessThanOrEqualTo(engine.getMemTotal());
        // labels are tags under their own names
        assertThat(lastPerContainer("SELECT last(\"value\") FROM \"memory_usage\" WHERE " + machine
                + " AND \"org.example.team\" = 'grid' GROUP BY \"container_name\"")).containsOnlyKeys(burner, holder);
    }

    // ---------------------------------------------------------------- cAdvisor + Prometheus dashboards

    /** Prometheus drops a scrape's repeated series as errors: every series of /metrics is there once. */
    @Test
    void everySeriesOfTheExpositionIsUnique() {
        String text = eventually(() -> Http.get("http://127.0.0.1:" + httpPort + "/metrics").body(),
                t -> t.contains("container_fs_usage_bytes{id=\"/\"") && t.contains("name=\"" + writer + "\""));
        List<String> series = text.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.substring(0, l.lastIndexOf(' '))).toList();
        assertThat(series).doesNotHaveDuplicates().anyMatch(l -> l.startsWith("container_fs_usage_bytes{id=\"/\""));
    }

    @Test
    void cadvisorPrometheusDashboards() {
        String names = String.join("|", ids.keySet());
        Map<String, Double> cpu = eventually(() -> promByLabel("sum by (name) (rate(container_cpu_usage_seconds_total{image!=\"\",name=~\""
                + names + "\"}[1m]))", "name"), m -> m.keySet().containsAll(ids.keySet()) && m.get(burner) > 0);
        assertThat(cpu.get(burner)).isGreaterThan(0.0).isLessThanOrEqualTo(0.6);
        JsonNode scraped = prom("container_cpu_usage_seconds_total{name=\"" + burner + "\"}").get(0).path("value");
        // the instant query's time; the scraped sample is at most a scrape interval and a sample older
        assertCpuCounterIsTheEngines(scraped.get(1).asDouble() * 1e9,
                Instant.ofEpochMilli((long) (scraped.get(0).asDouble() * 1000)).minusSeconds(2));

        Map<String, Double> mem = promByLabel("sum by (name) (container_memory_usage_bytes{image!=\"\",name=~\"" + names + "\"})", "name");
        Statistics held = EngineStats.of(containers.docker(), ids.get(holder));
        assertThat(mem.get(holder)).isCloseTo(held.getMemoryStats().getUsage(), org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(promByLabel("container_spec_memory_limit_bytes{name=\"" + holder + "\"}", "name").get(holder))
                .isEqualTo((double) MEMORY_LIMIT);
        assertThat(promByLabel("sum by (name) (container_memory_working_set_bytes{image!=\"\",name=\"" + holder + "\"})", "name")
                .get(holder)).isGreaterThanOrEqualTo(HELD - (4L << 20));

        Map<String, Double> tx = eventually(() -> promByLabel("sum by (name) (rate(container_network_transmit_bytes_total{image!=\"\",name=~\""
                + names + "\"}[1m]))", "name"), m -> m.getOrDefault(pinger, 0.0) > 1000);
        assertThat(tx.get(pinger)).isGreaterThan(1000.0);
        double rx = promByLabel("container_network_receive_bytes_total{name=\"" + pinger + "\",interface=\"eth0\"}", "name").get(pinger);
        assertThat(rx).isPositive().isLessThanOrEqualTo(
                EngineStats.of(containers.docker(), ids.get(pinger)).getNetworks().get("eth0").getRxBytes());

        // disk usage of the writable layer, on the device that holds the engine's storage
        JsonNode fs = eventually(() -> prom("container_fs_usage_bytes{image!=\"\",name=\"" + writer + "\"}"),
                r -> r.size() == 1 && r.get(0).path("value").get(1).asDouble() >= WRITTEN);
        assertThat(fs.get(0).path("value").get(1).asDouble()).isBetween((double) WRITTEN, (double) WRITTEN + (64L << 20));
        assertThat(fs.get(0).path("metric").path("device").asText()).isEqualTo(fileStoreOf(engine.getDockerRootDir()));
        assertThat(promByLabel("sum by (name) (container_fs_limit_bytes{image!=\"\",name=\"" + writer + "\"})", "name").get(writer))
                .isGreaterThan(fs.get(0).path("value").get(1).asDouble());
        // block I/O panels: series exactly when the engine counts devices (none on this kernel)
        for (String name : ids.keySet()) {
            Statistics s = EngineStats.of(containers.docker(), ids.get(name));
            boolean engineHasDevices = s.getBlkioStats() != null && s.getBlkioStats().getIoServiceBytesRecursive() != null
                    && !s.getBlkioStats().getIoServiceBytesRecursive().isEmpty();
            assertThat(prom("sum by (name, device) (rate(container_fs_writes_bytes_total{image!=\"\",name=\"" + name + "\"}[1m]))").size() > 0)
                    .as(name).isEqualTo(engineHasDevices);
            assertThat(prom("container_blkio_device_usage_total{name=\"" + name + "\",operation=\"Write\"}").size() > 0)
                    .as(name).isEqualTo(engineHasDevices);
        }

        // label filters: container_label_* and the allow-listed container_env_*
        assertThat(promByLabel("container_memory_usage_bytes{container_label_com_docker_compose_service=\"cpu-burner\"}", "name"))
                .containsOnlyKeys(burner);
        assertThat(promByLabel("container_last_seen{container_label_org_example_team=\"grid\"}", "name")).containsOnlyKeys(burner, holder);
        assertThat(promByLabel("container_cpu_usage_seconds_total{container_env_dirac_setup=\"LHCb-Production\"}", "name"))
                .containsOnlyKeys(burner);
        // uptime panels: time() - container_start_time_seconds, from the engine's creation time
        Instant created = Instant.parse(containers.docker().inspectContainerCmd(ids.get(burner)).exec().getCreated());
        double uptime = promByLabel("time() - container_start_time_seconds{name=\"" + burner + "\"}", "name").get(burner);
        assertThat(uptime).isPositive().isLessThanOrEqualTo(Duration.between(created, Instant.now()).toMillis() / 1e3 + 5);
        assertThat(promByLabel("count by (name) (container_last_seen{image!=\"\",name=~\"" + names + "\"})", "name"))
                .containsOnlyKeys(ids.keySet().toArray(String[]::new));

        // host totals: cAdvisor's root container id="/" against the machine_* facts
        double hostCpu = eventually(() -> promScalar("sum(rate(container_cpu_usage_seconds_total{id=\"/\"}[1m])) / sum(machine_cpu_cores) * 100"),
                v -> v != null && v > 0);
        // at least the burner's share; a little above 100 only from rate()'s extrapolation of a counter that moves every flush
        assertThat(hostCpu).isBetween(0.5 * cpu.get(burner) * 100 / engine.getNCPU(), 110.0);
        assertThat(promScalar("sum(container_memory_usage_bytes{id=\"/\"}) / sum(machine_memory_bytes) * 100")).isBetween(1.0, 100.0);
        assertThat(promScalar("sum(container_memory_working_set_bytes{id=\"/\"})")).isPositive()
                .isLessThanOrEqualTo(promScalar("sum(container_memory_usage_bytes{id=\"/\"})"));
        assertThat(promScalar("sum(rate(container_network_receive_bytes_total{id=\"/\"}[1m]))")).isNotNull();
        assertThat(promScalar("sum(container_fs_usage_bytes{id=\"/\"}) / sum(container_fs_limit_bytes{id=\"/\"}) * 100")).isBetween(0.0, 100.0);
        assertThat(promScalar("sum(machine_cpu_cores)")).isEqualTo((double) engine.getNCPU());
        assertThat(promScalar("sum(machine_memory_bytes)")).isEqualTo((double) engine.getMemTotal());
    }

    private static String fileStoreOf(String dir) {
        try {
            return Files.getFileStore(Path.of(dir)).name();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Polls until {@code done}, within the run's shared deadline; the last answer. */
    private <T> T eventually(java.util.concurrent.Callable<T> query, java.util.function.Predicate<T> done) {
        Duration left = Duration.between(Instant.now(), deadline);
        Duration wait = left.isNegative() || left.getSeconds() < 6 ? Duration.ofSeconds(6) : left;
        List<T> last = new ArrayList<>(1);
        try {
            await().atMost(wait).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                T v = query.call();
                last.clear();
                last.add(v);
                return done.test(v);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            if (last.isEmpty()) {
                throw e;
            }
            // the caller's assertions then say what is missing in the last answer
        }
        return last.get(0);
    }

    private JsonNode influx(String query) {
        Http.Response r = Http.post(Stack.influxUrl() + "/query", "application/x-www-form-urlencoded",
                "db=" + Http.encode(database) + "&q=" + Http.encode(query));
        try {
            JsonNode json = GrafanaDashboard.MAPPER.readTree(r.body());
            assertThat(json.path("results").path(0).has("error")).as(query + ": " + r.body()).isFalse();
            return json;
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB answered " + r.status() + ": " + r.body(), e);
        }
    }

    private List<JsonNode> series(String query) {
        List<JsonNode> out = new ArrayList<>();
        influx(query).path("results").path(0).path("series").forEach(out::add);
        return out;
    }

    /** The first column of every row (SHOW TAG KEYS / SHOW TAG VALUES' key or value column). */
    private static List<String> column(JsonNode json) {
        List<String> out = new ArrayList<>();
        json.path("results").path(0).path("series").forEach(s -> s.path("values").forEach(v -> out.add(v.get(v.size() - 1).asText())));
        return out;
    }

    private List<String> tagValues(String query) {
        return column(influx(query));
    }

    /** The last row's value columns (after time) of the one series. */
    private List<Double> lastValues(String query) {
        List<JsonNode> s = series(query);
        if (s.isEmpty()) {
            return List.of();
        }
        return lastRow(s.get(0));
    }

    private static List<Double> lastRow(JsonNode series) {
        JsonNode values = series.path("values");
        JsonNode row = values.get(values.size() - 1);
        List<Double> out = new ArrayList<>();
        for (int i = 1; i < row.size(); i++) {
            out.add(row.get(i).isNull() ? null : row.get(i).asDouble());
        }
        return out;
    }

    private Map<String, List<Double>> lastValuesPerContainer(String query) {
        return lastValuesPerTag(query, "container_name");
    }

    private Map<String, List<Double>> lastValuesPerTag(String query, String tag) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (JsonNode s : series(query)) {
            out.put(s.path("tags").path(tag).asText(), lastRow(s));
        }
        return out;
    }

    private Map<String, Double> lastPerContainer(String query) {
        return lastPerTag(query, "container_name");
    }

    private Map<String, Double> lastPerTag(String query, String tag) {
        Map<String, Double> out = new LinkedHashMap<>();
        lastValuesPerTag(query, tag).forEach((k, v) -> out.put(k, v.get(0)));
        return out;
    }

    /** An instant query through Prometheus' HTTP API, as a Grafana panel sends it; the result vector. */
    private JsonNode prom(String promql) {
        Http.Response r = Http.get(prometheus.url() + "/api/v1/query?query=" + Http.encode(promql));
        assertThat(r.status()).as(promql + ": " + r.body()).isEqualTo(200);
        try {
            return GrafanaDashboard.MAPPER.readTree(r.body()).path("data").path("result");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, Double> promByLabel(String promql, String label) {
        Map<String, Double> out = new LinkedHashMap<>();
        prom(promql).forEach(r -> out.put(r.path("metric").path(label).asText(), r.path("value").get(1).asDouble()));
        return out;
    }

    private Double promScalar(String promql) {
        JsonNode r = prom(promql);
        return r.isEmpty() ? null : r.get(0).path("value").get(1).asDouble();
    }
}
