package io.wharf.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.metrics.cgroup.CgroupStats;
import io.wharf.core.event.MetricPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names the autoscaler and Telegraf dashboards depend on. */
class InfluxPointsTest {
    static final ContainerInfo WEB = new ContainerInfo("0123456789abcdef0123", "web-1", "dirac/web:8", Map.of(), Map.of(),
            List.of(), 42, "json-file", null, null, true, "web",
            Map.of("orchestrator.type", "swarm", "orchestrator.resource.id", "task42"));

    static ContainerSample sample(long nanoTime, long usageNs) {
        Map<String, Long> stat = new LinkedHashMap<>();
        stat.put("total_rss", 3000L);
        stat.put("total_cache", 2000L);
        stat.put("total_inactive_file", 1000L);
        CgroupStats st = new CgroupStats(1,
                new CgroupStats.Cpu(usageNs, usageNs / 2, usageNs / 2, 10, 4, 200, 50000, 100000, 1024, -1),
                new CgroupStats.Memory(5000, 6000, 4000, 3000, 2000, 0, 0, 10000, 0, -1, -1, 1000, stat),
                List.of(new CgroupStats.BlockDevice("8:0", 1, 2, 3, 4)), new CgroupStats.Pids(2, -2));
        return new ContainerSample(1_700_000_000_000L, nanoTime, st,
                List.of(new NetDev.Interface("eth0", 10, 1, 0, 0, 20, 2, 0, 0)), Double.NaN, 99_000_000_000L);
    }

    @Test
    void containerPointsUseTelegrafNamesAndAverageCpuOverTheFlushInterval() {
        ContainerSample first = sample(0, 0);
        ContainerSample last = sample(10_000_000_000L, 5_000_000_000L); // 5 s of CPU in 10 s: half a core
        List<MetricPoint> points = InfluxPoints.container(WEB, "host-a", last, first, 1L << 33);
        Map<String, MetricPoint> byName = new LinkedHashMap<>();
        points.forEach(p -> byName.put(p.measurement() + p.tags().getOrDefault("network", "") + p.tags().getOrDefault("device", ""), p));
        assertThat(byName).containsOnlyKeys("docker_container_cpu", "docker_container_mem", "docker_container_neteth0",
                "docker_container_nettotal", "docker_container_blkio8:0", "docker_container_blkiototal", "docker_container_pids");

        MetricPoint cpu = byName.get("docker_container_cpu");
        assertThat(cpu.tags()).containsEntry("host", "host-a").containsEntry("container_name", "web-1")
                .containsEntry("container_image", "dirac/web:8").containsEntry("service", "web")
                .containsEntry("cpu", "cpu-total").containsEntry("orchestrator_type", "swarm")
                .containsEntry("orchestrator_resource_id", "task42").doesNotContainKey("container_id");
        assertThat((double) cpu.fields().get("usage_percent")).isCloseTo(50.0, within(1e-9));
        assertThat(cpu.fields()).containsEntry("usage_total", 5_000_000_000L)
                .containsEntry("usage_in_usermode", 2_500_000_000L).containsEntry("usage_in_kernelmode", 2_500_000_000L)
                .containsEntry("usage_system", 99_000_000_000L).containsEntry("throttling_periods", 10L)
                .containsEntry("throttling_throttled_periods", 4L).containsEntry("throttling_throttled_time", 200L)
                .containsEntry("container_id", WEB.id());

        MetricPoint mem = byName.get("docker_container_mem");
        assertThat(mem.fields()).containsEntry("usage", 5000L).containsEntry("limit", 10000L)
                .containsEntry("max_usage", 6000L).containsEntry("working_set", 4000L).containsEntry("fail_count", 0L)
                .containsEntry("total_rss", 3000L).containsEntry("total_cache", 2000L).containsEntry("container_id", WEB.id());
        assertThat((double) mem.fields().get("usage_percent")).isCloseTo(40.0, within(1e-9));

        assertThat(byName.get("docker_container_neteth0").fields()).containsEntry("rx_bytes", 10L).containsEntry("tx_bytes", 20L)
                .containsKeys("rx_packets", "tx_packets", "rx_errors", "tx_errors", "rx_dropped", "tx_dropped");
        assertThat(byName.get("docker_container_blkio8:0").fields())
                .containsEntry("io_service_bytes_recursive_read", 1L).containsEntry("io_service_bytes_recursive_write", 2L)
                .containsEntry("io_serviced_recursive_read", 3L).containsEntry("io_serviced_recursive_write", 4L);
    }

    /**
     * Telegraf's docker input, point by point: engine tags from /info, container_status from inspect,
     * labels through docker_label_include/exclude, per-CPU points, the network and blkio rollups,
     * docker_container_status and _health, and the docker measurement.
     */
    @Test
    void telegrafTagsStatusHealthRollupsAndEngineMeasurement() {
        ContainerInfo c = new ContainerInfo("0123456789abcdef0123", "web-1", "registry.local:5000/dirac/web:8.0.1",
                Map.of("com.docker.compose.service", "web", "com.docker.compose.project", "dirac", "secret.token", "x", "host", "evil"),
                Map.of(), List.of(), 42, "json-file", null, null, true, "web", Map.of());
        MetricsConfig config = new MetricsConfig(null, null, null, null, null, null, List.of("com.docker.*", "host"),
                List.of("*.project"), null, null, null);
        EngineFacts.Engine engine = new EngineFacts.Engine("node-7", "20.10.24", "/var/lib/docker", "overlay2",
                Map.of("n_containers", 3L, "n_containers_running", 2L, "n_images", 5L, "n_cpus", 4L, "memory_total", 1L << 34));
        java.time.Instant started = java.time.Instant.parse("2026-01-01T00:00:00Z");
        EngineFacts.State state = new EngineFacts.State("running", 42, 0, 2, false, started.minusSeconds(5), started, null,
                "healthy", 0);
        EngineFacts.Snapshot facts = new EngineFacts.Snapshot(engine, Map.of(c.id(), state), Map.of());
        Map<String, Long> stat = new LinkedHashMap<>();
        CgroupStats st = new CgroupStats(1, new CgroupStats.Cpu(300, 100, 200, 0, 0, 0, -2, 100000, 1024, -1, List.of(100L, 200L, 0L, 0L)),
                new CgroupStats.Memory(10, 10, 10, 0, 0, 0, 0, -2, 0, -1, -1, 0, stat),
                List.of(new CgroupStats.BlockDevice("8:0", 1, 2, 3, 4, Map.of("io_service_bytes_recursive_read", 1L,
                        "io_service_bytes_recursive_total", 3L)), new CgroupStats.BlockDevice("8:16", 10, 0, 1, 0)),
                new CgroupStats.Pids(1, -2));
        ContainerSample sample = new ContainerSample(1_767_225_600_000L, 0, st, List.of(new NetDev.Interface("eth0", 10, 1, 0, 0, 20, 2, 0, 0),
                new NetDev.Interface("eth1", 5, 1, 0, 0, 6, 1, 0, 0)), Double.NaN, 1);

        List<MetricPoint> points = InfluxPoints.container(c, "host-a", sample, null, 1000, new InfluxPoints.Context(facts, config, 2));
        Map<String, MetricPoint> byKey = new LinkedHashMap<>();
        points.forEach(p -> byKey.put(p.measurement() + "/" + p.tags().getOrDefault("cpu", "") + p.tags().getOrDefault("network", "")
                + p.tags().getOrDefault("device", ""), p));
        assertThat(byKey).containsOnlyKeys("docker_container_cpu/cpu-total", "docker_container_cpu/cpu0", "docker_container_cpu/cpu1",
                "docker_container_mem/", "docker_container_net/eth0", "docker_container_net/eth1", "docker_container_net/total",
                "docker_container_blkio/8:0", "docker_container_blkio/8:16", "docker_container_blkio/total", "docker_container_pids/",
                "docker_container_status/", "docker_container_health/");
        MetricPoint mem = byKey.get("docker_container_mem/");
        assertThat(mem.tags()).containsEntry("engine_host", "node-7").containsEntry("server_version", "20.10.24")
                .containsEntry("container_name", "web-1").containsEntry("container_image", "registry.local:5000/dirac/web:8.0.1")
                .containsEntry("container_version", "8.0.1").containsEntry("container_status", "running")
                .containsEntry("com.docker.compose.service", "web").containsEntry("host", "host-a")
                .doesNotContainKeys("com.docker.compose.project", "secret.token");
        // the per-CPU points stop at the online CPUs (2 of the kernel's 4 possible)
        assertThat(byKey.get("docker_container_cpu/cpu1").fields()).containsOnly(entry("usage_total", 200L), entry("container_id", c.id()));
        assertThat(byKey.get("docker_container_net/total").fields()).containsEntry("rx_bytes", 15L).containsEntry("tx_packets", 3L);
        assertThat(byKey.get("docker_container_blkio/total").fields()).containsEntry("io_service_bytes_recursive_read", 11L)
                .containsEntry("io_service_bytes_recursive_total", 3L).containsEntry("io_serviced_recursive_read", 1L);
        assertThat(byKey.get("docker_container_blkio/8:0").fields()).containsOnlyKeys("io_service_bytes_recursive_read",
                "io_service_bytes_recursive_total", "container_id");
        MetricPoint status = byKey.get("docker_container_status/");
        assertThat(status.fields()).containsEntry("oomkilled", false).containsEntry("pid", 42L).containsEntry("exitcode", 0L)
                .containsEntry("restart_count", 2L).containsEntry("started_at", started.getEpochSecond() * 1_000_000_000L)
                .containsEntry("uptime_ns", (1_767_225_600_000L - started.toEpochMilli()) * 1_000_000L).doesNotContainKey("finished_at");
        assertThat(byKey.get("docker_container_health/").fields()).containsEntry("health_status", "healthy")
                .containsEntry("failing_streak", 0L);

        List<MetricPoint> docker = InfluxPoints.engine(engine, "host-a", 1_767_225_600_000L);
        assertThat(docker).singleElement().satisfies(p -> {
            assertThat(p.measurement()).isEqualTo("docker");
            assertThat(p.tags()).containsOnly(entry("host", "host-a"), entry("engine_host", "node-7"), entry("server_version", "20.10.24"));
            assertThat(p.fields()).containsEntry("n_containers_running", 2L).containsEntry("memory_total", 1L << 34);
        });
    }

    @Test
    void imageVersionAsTelegrafParsesIt() {
        assertThat(InfluxPoints.imageVersion("local/busybox:1")).isEqualTo("1");
        assertThat(InfluxPoints.imageVersion("localhost:5000/app")).isEqualTo("unknown");
        assertThat(InfluxPoints.imageVersion("localhost:5000/app:2")).isEqualTo("2");
        assertThat(InfluxPoints.imageVersion("nginx")).isEqualTo("unknown");
    }

    @Test
    void hostPointsUseTelegrafNames() {
        HostSample h = new HostSample(1_700_000_000_000L, new HostSample.Cpu(10, 5, 0, 1, 0, 0, 0, 84), 0.5, 0.4, 0.3, 2,
                new HostSample.Memory(8000, 6000, 100, 10), 3600,
                List.of(new HostSample.FileSystem("/", "/dev/sda1", "ext4", 1000, 600, 400, 100, 90)),
                List.of(new HostSample.DiskIo("sda", 1, 2, 3, 4, 5)),
                List.of(new HostSample.NetInterface("eth0", 1, 2, 3, 4, 0, 0, 0)), 7);
        Map<String, MetricPoint> byName = new LinkedHashMap<>();
        InfluxPoints.host(h, "host-a").forEach(p -> byName.put(p.measurement(), p));
        assertThat(byName).containsOnlyKeys("cpu", "mem", "system", "disk", "diskio", "net");
        assertThat(byName.get("cpu").tags()).containsEntry("cpu", "cpu-total").containsEntry("host", "host-a");
        assertThat(byName.get("cpu").fields()).containsEntry("usage_user", 10.0).containsEntry("usage_idle", 84.0)
                .containsEntry("usage_iowait", 1.0);
        assertThat(byName.get("mem").fields()).containsEntry("total", 8000L).containsEntry("used", 2000L)
                .containsEntry("available", 6000L).containsEntry("used_percent", 25.0);
        assertThat(byName.get("system").fields()).containsEntry("load1", 0.5).containsEntry("n_cpus", 2L)
                .containsEntry("uptime", 3600L).containsEntry("n_containers", 7L);
        assertThat(byName.get("disk").tags()).containsEntry("path", "/").containsEntry("device", "sda1").containsEntry("fstype", "ext4");
        assertThat(byName.get("disk").fields()).containsEntry("used_percent", 40.0).containsEntry("inodes_used", 10L);
        assertThat(byName.get("net").tags()).containsEntry("interface", "eth0");
        assertThat(byName.get("net").fields()).containsEntry("bytes_sent", 1L).containsEntry("bytes_recv", 2L);
    }
}
