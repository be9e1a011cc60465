package io.wharf.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.agent.docker.ContainerDirectory;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.BatchSettings;
import io.wharf.core.pipeline.OverflowPolicy;
import io.wharf.core.pipeline.Pipeline;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Closing the collector, then the pipeline (the agent's shutdown order), delivers the last partial
 * interval: host points and the DIRAC request metrics' open window, although the publish interval
 * (an hour) never elapsed. Containers are covered against real ones by {@link ShutdownFlushIT}.
 */
class MetricsCollectorCloseTest {
    @Test
    void closeFlushesTheOpenIntervalBeforeThePipelineDrains() throws Exception {
        SelfMetrics self = new SelfMetrics();
        CollectingSink sink = new CollectingSink();
        Pipeline pipeline = Pipeline.builder(self).sink(sink, 1L << 20, OverflowPolicy.BLOCK,
                new BatchSettings(1000, 1L << 20, Duration.ofMillis(50), 1)).build();
        pipeline.start();
        DiracRequestMetrics requests = new DiracRequestMetrics("close-host");
        MetricsConfig config = new MetricsConfig(true, Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofMinutes(2), null, null);
        MetricsCollector collector = new MetricsCollector(config, new ContainerDirectory(), pipeline.publisher(), "close-host",
                self, List.of(requests::flush)).start();
        requests.process(DiracRequestMetricsTest.response("sysadmin", "getInfo", "OK", 120_000_000L));
        requests.process(DiracRequestMetricsTest.response("sysadmin", "getInfo", "ERROR", 300_000_000L));
        collector.close();
        pipeline.close();

        List<MetricPoint> dirac = sink.points(DiracRequestMetrics.MEASUREMENT);
        assertThat(dirac).hasSize(1);
        assertThat(dirac.get(0).fields()).containsEntry("requests", 2L).containsEntry("errors", 1L);
        assertThat(sink.points("mem")).as("host memory of the last round").hasSize(1);
        assertThat(sink.points("mem").get(0).tags()).containsEntry("host", "close-host");
    }

    @Test
    void closingTwiceFlushesOnce() throws Exception {
        SelfMetrics self = new SelfMetrics();
        CollectingSink sink = new CollectingSink();
        Pipeline pipeline = Pipeline.builder(self).sink(sink, 1L << 20, OverflowPolicy.BLOCK, BatchSettings.DEFAULT).build();
        pipeline.start();
        MetricsCollector collector = new MetricsCollector(MetricsConfig.defaults(), new ContainerDirectory(), pipeline.publisher(),
                "close-host", self, List.of());
        collector.close();
        collector.close();
        pipeline.close();
        assertThat(sink.points("mem")).hasSize(1);
    }
}
