package io.wharf.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.metrics.cgroup.CgroupStats;
import io.wharf.core.event.MetricPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The names of cAdvisor's InfluxDB storage driver: one measurement per metric, field value, tags machine and container_name. */
class CadvisorInfluxPointsTest {
    @Test
    void oneMeasurementPerMetricWithAValueField() {
        ContainerInfo c = new ContainerInfo("abc", "web-1", "dirac/web:8", Map.of("com.docker.compose.service", "web"), Map.of(),
                List.of(), 1, "json-file", null, null, true, "web", Map.of());
        CgroupStats st = new CgroupStats(1, new CgroupStats.Cpu(300, 100, 200, 0, 0, 0, -2, 100000, 1024, -1, List.of(120L, 180L)),
                new CgroupStats.Memory(5000, 6000, 4000, 0, 0, 0, 0, -2, 0, -1, -1, 1000, Map.of()), List.of(), null);
        ContainerSample s = new ContainerSample(1_000L, 0, st, List.of(new NetDev.Interface("eth0", 10, 1, 2, 0, 20, 2, 3, 0),
                new NetDev.Interface("eth1", 99, 1, 0, 0, 99, 1, 0, 0)), Double.NaN, 1);
        List<MetricPoint> points = CadvisorInfluxPoints.container(c, "node-1", s, new EngineFacts.Filesystem("/dev/sda1", 700, 9000));
        Map<String, MetricPoint> byKey = new LinkedHashMap<>();
        points.forEach(p -> byKey.put(p.measurement() + p.tags().getOrDefault("instance", ""), p));
        assertThat(byKey).containsOnlyKeys("cpu_usage_total", "cpu_usage_system", "cpu_usage_user", "cpu_usage_per_cpu0",
                "cpu_usage_per_cpu1", "memory_usage", "memory_working_set", "rx_bytes", "rx_errors", "tx_bytes", "tx_errors",
                "fs_usage", "fs_limit");
        assertThat(byKey.values()).allSatisfy(p -> assertThat(p.tags()).containsEntry("machine", "node-1")
                .containsEntry("container_name", "web-1").containsEntry("com.docker.compose.service", "web"));
        assertThat(byKey.get("cpu_usage_total").fields()).containsOnly(entry("value", 300L));
        assertThat(byKey.get("cpu_usage_per_cpu1").fields()).containsOnly(entry("value", 180L));
        // the container's first interface, as cAdvisor's container-level network stats
        assertThat(byKey.get("rx_bytes").fields()).containsOnly(entry("value", 10L));
        assertThat(byKey.get("tx_errors").fields()).containsOnly(entry("value", 3L));
        assertThat(byKey.get("fs_usage").tags()).containsEntry("device", "/dev/sda1").containsEntry("type", "usage");
        assertThat(byKey.get("fs_limit").tags()).containsEntry("type", "limit");
        assertThat(byKey.get("fs_limit").fields()).containsOnly(entry("value", 9000L));
    }

    @Test
    void theMachineIsTheRootContainer() {
        HostSample h = new HostSample(1_000L, new HostSample.Cpu(1, 1, 0, 0, 0, 0, 0, 98), 0, 0, 0, 2,
                new HostSample.Memory(8000, 6000, 0, 0), 10,
                List.of(new HostSample.FileSystem("/", "/dev/vda", "ext4", 1000, 600, 400, 10, 5),
                        new HostSample.FileSystem("/var/lib/docker", "/dev/vda", "ext4", 1000, 600, 400, 10, 5)),
                List.of(), List.of(new HostSample.NetInterface("docker0", 5, 5, 1, 1, 0, 0, 0),
                        new HostSample.NetInterface("eth0", 7, 8, 1, 1, 0, 0, 0)), 0);
        List<MetricPoint> points = CadvisorInfluxPoints.machine(h, new HostSampler.Machine(5_000, 3000, 2000), "node-1");
        assertThat(points).allSatisfy(p -> assertThat(p.tags()).containsEntry("container_name", "/"));
        // one file system per device, the bridge left out as cAdvisor does
        assertThat(points).filteredOn(p -> p.measurement().equals("fs_usage")).hasSize(1);
        assertThat(points).filteredOn(p -> p.measurement().equals("rx_bytes")).singleElement()
                .satisfies(p -> assertThat(p.fields()).containsOnly(entry("value", 8L)));
        assertThat(points).filteredOn(p -> p.measurement().equals("cpu_usage_total")).singleElement()
                .satisfies(p -> assertThat(p.fields()).containsOnly(entry("value", 5_000L)));
    }
}
