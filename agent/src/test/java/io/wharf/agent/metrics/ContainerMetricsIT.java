package io.wharf.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Statistics;
import io.wharf.agent.docker.ContainerDirectory;
import io.wharf.agent.docker.ContainerInfo;
import io.wharf.agent.metrics.cgroup.CgroupStats;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.BatchSettings;
import io.wharf.core.pipeline.OverflowPolicy;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.testkit.EngineStats;
import io.wharf.testkit.TestContainers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real containers on the real engine (cgroup v1, cpu and cpuacct mounted apart): the collector's
 * numbers against {@code GET /containers/{id}/stats}, and the points it publishes through a real
 * pipeline.
 */
class ContainerMetricsIT {
    static final long HELD = 48L << 20;
    static final long MEM_LIMIT = 256L << 20;

    static TestContainers containers;
    static ContainerInfo burner;
    static ContainerInfo holder;
    static CollectingSink sink;
    static Pipeline pipeline;
    static MetricsCollector collector;

    @BeforeAll
    static void start() throws Exception {
        containers = new TestContainers();
        String burnerId = containers.spec("burn", "while :; do :; done").cpus(0.5).start();
        // 48 MiB written to the container's /dev/shm (tmpfs): charged to its memory cgroup, and stable
        String holderId = containers.spec("hold", "dd if=/dev/zero of=/dev/shm/hold bs=1M count=48 2>/dev/null; sleep 3600")
                .memory(MEM_LIMIT).start();
        burner = RealContainers.inspect(containers.docker(), burnerId, "burner");
        holder = RealContainers.inspect(containers.docker(), holderId, "holder");
        ContainerDirectory directory = new ContainerDirectory();
        directory.started(burner);
        directory.started(holder);

        SelfMetrics self = new SelfMetrics();
        sink = new CollectingSink();
        pipeline = Pipeline.builder(self).sink(sink, 64L << 20, OverflowPolicy.BLOCK,
                new BatchSettings(1000, 8L << 20, Duration.ofMillis(100), 1)).build();
        pipeline.start();
        MetricsConfig config = new MetricsConfig(true, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMinutes(2), null, null);
        collector = new MetricsCollector(config, directory, pipeline.publisher(), "it-host", self, List.of()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> samples(burner).size() >= 5 && heldInMemory());
    }

    static boolean heldInMemory() {
        ContainerSample s = collector.store().find(holder.id()).map(x -> x.samples().latest()).orElse(null);
        return s != null && s.cgroup().memory().usage() >= HELD;
    }

    static List<ContainerSample> samples(ContainerInfo c) {
        return collector.store().find(c.id()).map(s -> s.samples().snapshot()).orElse(List.of());
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (containers != null) {
            containers.close();
        }
    }

    @Test
    void cpuOfAContainerLimitedToHalfACoreAgreesWithTheEngine() throws Exception {
        // our reads bracket the engine's two reads (it waits about a second between them), so the
        // same counter must be ordered: ours before <= engine's first <= engine's second <= ours after
        ContainerSampler sampler = new ContainerSampler(java.nio.file.Path.of("/proc"));
        ContainerSample before = sampler.sample(burner, null, -1, true);
        Statistics engine = EngineStats.of(containers.docker(), burner.id());
        ContainerSample after = sampler.sample(burner, before, -1, true);
        long enginePre = engine.getPreCpuStats().getCpuUsage().getTotalUsage();
        long engineNow = engine.getCpuStats().getCpuUsage().getTotalUsage();
        assertThat(before.cgroup().cpu().usageNs()).isPositive().isLessThanOrEqualTo(enginePre);
        assertThat(engineNow).isGreaterThan(enginePre).isLessThanOrEqualTo(after.cgroup().cpu().usageNs());

        double enginePercent = EngineStats.cpuPercent(engine);
        double ours = after.cpuPercent();
        // the quota holds it at half a core (less when the shared 2-core host is busy)
        assertThat(ours).isBetween(10.0, 55.0);
        assertThat(ours).isCloseTo(enginePercent, within(8.0));
        CgroupStats.Cpu cpu = after.cgroup().cpu();
        assertThat(cpu.quotaUs()).isEqualTo(50_000);
        assertThat(cpu.periodUs()).isEqualTo(100_000);
        assertThat(cpu.limitCores()).isEqualTo(0.5);
        // throttling happens only in periods where the container got more than its quota, which a
        // saturated shared host may not give it: the counters are checked against the engine's instead
        assertThat(cpu.periods()).isPositive();
        assertThat(cpu.throttledPeriods()).isBetween(0L, cpu.periods());
        assertThat(cpu.throttledNs()).isGreaterThanOrEqualTo(0);
        assertThat(cpu.userNs() + cpu.systemNs()).isCloseTo(cpu.usageNs(), within((long) (0.2 * cpu.usageNs())));
        assertThat(engine.getCpuStats().getThrottlingData().getThrottledPeriods())
                .isBetween(before.cgroup().cpu().throttledPeriods(), cpu.throttledPeriods());
    }

    @Test
    void memoryOfAContainerHoldingAKnownAmountAgreesWithTheEngine() {
        Statistics engine = EngineStats.of(containers.docker(), holder.id());
        ContainerSample last = samples(holder).get(samples(holder).size() - 1);
        CgroupStats.Memory mem = last.cgroup().memory();
        long engineUsage = engine.getMemoryStats().getUsage();
        long engineWorkingSet = engineUsage - engine.getMemoryStats().getStats().getTotalInactiveFile();

        assertThat(mem.usage()).isGreaterThanOrEqualTo(HELD).isCloseTo(engineUsage, within((long) (0.03 * engineUsage)));
        assertThat(mem.workingSet()).isGreaterThanOrEqualTo(HELD).isCloseTo(engineWorkingSet, within((long) (0.03 * engineWorkingSet)));
        assertThat(mem.limit()).isEqualTo(MEM_LIMIT).isEqualTo(engine.getMemoryStats().getLimit());
        assertThat(mem.cache()).isGreaterThanOrEqualTo(HELD); // tmpfs pages are page cache (shmem)
        // the burner has no memory limit: reported as such, not as a huge number
        assertThat(samples(burner).get(0).cgroup().memory().limit()).isEqualTo(CgroupStats.UNLIMITED);
    }

    @Test
    void networkIsReadFromTheContainersOwnNamespace() {
        ContainerSample last = samples(holder).get(samples(holder).size() - 1);
        assertThat(last.network()).extracting(NetDev.Interface::name).containsExactly("eth0");
        Statistics engine = EngineStats.of(containers.docker(), holder.id());
        long engineRx = engine.getNetworks().get("eth0").getRxBytes();
        assertThat(last.network().get(0).rxBytes()).isLessThanOrEqualTo(engineRx);
        assertThat(last.cgroup().pids().current()).isBetween(1L, 3L);
    }

    static List<MetricPoint> cpuTotal(ContainerInfo c) {
        return sink.points("docker_container_cpu", c.name()).stream().filter(p -> "cpu-total".equals(p.tags().get("cpu"))).toList();
    }

    @Test
    void publishesTelegrafNamedPointsEveryFlushInterval() {
        await().atMost(Duration.ofSeconds(15)).until(() ->
                !sink.points("docker_container_cpu", burner.name()).isEmpty()
                        && !sink.points("docker_container_mem", holder.name()).isEmpty()
                        && !sink.points("system").isEmpty());
        await().atMost(Duration.ofSeconds(15)).until(() -> cpuTotal(burner).size() >= 2);
        MetricPoint cpu = cpuTotal(burner).get(1);
        MetricPoint previous = cpuTotal(burner).get(0);
        assertThat(cpu.tags()).containsEntry("host", "it-host").containsEntry("service", "burner")
                .containsEntry("container_image", "local/busybox:1").containsEntry("cpu", "cpu-total")
                .containsEntry("orchestrator_type", "docker");
        assertThat(cpu.fields()).containsEntry("container_id", burner.id())
                .containsKeys("usage_total", "usage_in_usermode", "usage_in_kernelmode", "usage_system",
                        "throttling_periods", "throttling_throttled_periods", "throttling_throttled_time");
        // usage_percent is the average since the previous point: it agrees with the counters the points carry
        double fromCounters = 100.0 * ((long) cpu.fields().get("usage_total") - (long) previous.fields().get("usage_total"))
                / (cpu.timestampNanos() - previous.timestampNanos());
        assertThat((double) cpu.fields().get("usage_percent")).isBetween(10.0, 55.0).isCloseTo(fromCounters, within(2.0));

        MetricPoint mem = sink.points("docker_container_mem", holder.name()).get(0);
        assertThat((long) mem.fields().get("working_set")).isGreaterThanOrEqualTo(HELD);
        assertThat(mem.fields()).containsEntry("limit", MEM_LIMIT).containsKeys("usage", "max_usage", "usage_percent",
                "total_rss", "total_cache", "fail_count");
        // eth0, and Telegraf's network=total rollup
        assertThat(sink.points("docker_container_net", holder.name())).isNotEmpty()
                .allSatisfy(p -> assertThat(p.tags().get("network")).isIn("eth0", "total"));
        // per CPU (cgroup v1 here): they add up to the cpu-total point of the same time
        List<MetricPoint> perCpu = sink.points("docker_container_cpu", burner.name()).stream()
                .filter(p -> p.tags().get("cpu").matches("cpu[0-9]+") && p.timestampNanos() == cpu.timestampNanos()).toList();
        assertThat(perCpu).isNotEmpty();
        assertThat(perCpu.stream().mapToLong(p -> (long) p.fields().get("usage_total")).sum())
                .isCloseTo((long) cpu.fields().get("usage_total"), org.assertj.core.data.Percentage.withPercentage(2));

        assertThat(sink.points("cpu")).isNotEmpty();
        assertThat(sink.points("mem")).isNotEmpty();
        MetricPoint system = sink.points("system").get(0);
        assertThat(system.fields()).containsEntry("n_containers", 2L).containsKeys("load1", "load5", "load15", "n_cpus", "uptime");
    }
}
