package io.wharf.shipper.sink.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wharf.shipper.http.HostUrl;
import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.config.ByteSize;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.OutputsConfig;
import io.wharf.shipper.Sinks;
import io.wharf.shipper.deadletter.DeadLetterConfig;
import io.wharf.shipper.retry.RetryConfig;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.QueueConfig;
import io.wharf.shipper.testing.InfluxQueries;
import io.wharf.shipper.testing.SteadyLoad;
import io.wharf.testkit.Http;
import io.wharf.testkit.PrivateInfluxDb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Against an InfluxDB of this test's own (the shared one is never stopped): influxd is stopped for
 * real (SIGTERM, process gone) under a steady load of points and started again on the same data.
 */
class InfluxOutageIT {
    private static final long QUEUE_BYTES = 1L << 20;
    /** InfluxDB stops and starts in about a second; half a minute is many retry rounds. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void pointsWrittenWhileInfluxDbIsStoppedArriveOnceItIsStartedAgainNoneLost() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String db = "wharf_outage_" + run;
        var metrics = new SelfMetrics();
        AtomicInteger acked = new AtomicInteger();
        try (PrivateInfluxDb influx = PrivateInfluxDb.start(Path.of("target", "private-influxdb-" + run))) {
            var config = config(influx.url(), db, run);
            SteadyLoad load = load(acked, 300);
            try (Pipeline pipeline = Sinks.pipeline(new OutputsConfig(null, config, null, null, null), metrics)) {
                pipeline.start();
                load.resume(pipeline.publisher()::publish);
                await().atMost(Duration.ofSeconds(20)).until(() -> InfluxQueries.countAndSum(influx.url(), db)[0] > 300);

                influx.stop();
                assertThat(influx.isRunning()).isFalse();
                assertThatThrownBy(() -> Http.get(influx.url() + "/ping")).as("nothing listens any more").isInstanceOf(RuntimeException.class);
                long outageStart = System.nanoTime();
                int ackedAtStop = acked.get();
                double retried = metrics.value("wharf_events_retried_total", "component", "sink.influxdb");
                // an agent that starts while the server is away comes up (its database is created later)
                AtomicInteger lateAcked = new AtomicInteger();
                SteadyLoad lateLoad = load(lateAcked, 20); // slow enough never to fill its queue
                Pipeline late = Sinks.pipeline(new OutputsConfig(null, config(influx.url(), db + "_late", run), null, null, null), new SelfMetrics());
                late.start();
                lateLoad.resume(late.publisher()::publish);
                try {
                    await().atMost(OUTAGE.plusSeconds(5)).pollInterval(Duration.ofMillis(250)).until(() -> {
                        assertThat(pipeline.runners().get(0).queue().bytes()).isLessThanOrEqualTo(QUEUE_BYTES);
                        return System.nanoTime() - outageStart > OUTAGE.toNanos();
                    });
                    lateLoad.stop();
                    assertThat(lateAcked.get()).as("nothing acknowledged by the late agent while the server is away").isZero();
                    assertThat(metrics.value("wharf_events_retried_total", "component", "sink.influxdb")).as("retried while away")
                            .isGreaterThan(retried);
                    assertThat(acked.get()).as("acknowledged without the server: at most the batch in flight").isLessThanOrEqualTo(ackedAtStop + 500);
                    int publishedAtEnd = load.published();
                    assertThat(publishedAtEnd).as("points kept coming during the outage").isGreaterThan(ackedAtStop + 500);

                    influx.start();
                    await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() > publishedAtEnd);
                    load.stop();
                    int total = load.published();
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> acked.get() == total
                            && lateAcked.get() == lateLoad.published());
                    // every point once: InfluxDB keeps one point per series and time, so count and sum are exact
                    long[] cs = InfluxQueries.countAndSum(influx.url(), db);
                    assertThat(cs[0]).isEqualTo(total);
                    assertThat(cs[1]).isEqualTo((long) total * (total - 1) / 2);
                    int lateTotal = lateLoad.published();
                    assertThat(InfluxQueries.countAndSum(influx.url(), db + "_late")).containsExactly(lateTotal, (long) lateTotal * (lateTotal - 1) / 2);
                    assertThat(metrics.value("wharf_events_failed_total", "component", "sink.influxdb")).isZero();
                } finally {
                    lateLoad.close();
                    late.close();
                }
            } finally {
                load.close();
            }
        }
    }

    private static InfluxSinkConfig config(String url, String db, String run) {
        return new InfluxSinkConfig(HostUrl.parse(url), db, null, null, null, null, null, "ns", true, true, Duration.ofSeconds(5),
                    new RetryConfig(Duration.ofMillis(100), Duration.ofSeconds(2), null),
                    DeadLetterConfig.file(Path.of("target", "private-influxdb-" + run + "-dl").toString()), null,
                    new QueueConfig(ByteSize.of(QUEUE_BYTES), null), new BatchConfig(500, null, Duration.ofMillis(100), 1));
    }

    private static SteadyLoad load(AtomicInteger acked, int perSecond) {
        return new SteadyLoad(i -> MetricPoint.builder("up").tag("host", "h1").field("v", (long) i)
                .timestampNanos(1_700_000_000_000_000_000L + i * 1_000_000L).build()
                .ack(Acknowledgement.onComplete(acked::incrementAndGet)), perSecond);
    }
}
