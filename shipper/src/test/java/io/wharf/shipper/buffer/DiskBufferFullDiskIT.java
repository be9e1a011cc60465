package io.wharf.shipper.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.config.ByteSize;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.OutputsConfig;
import io.wharf.shipper.Sinks;
import io.wharf.shipper.deadletter.DeadLetterConfig;
import io.wharf.shipper.http.HostUrl;
import io.wharf.shipper.retry.RetryConfig;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.QueueConfig;
import io.wharf.shipper.testing.InfluxQueries;
import io.wharf.shipper.sink.influxdb.InfluxSinkConfig;
import io.wharf.testkit.PrivateInfluxDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A disk buffer on a file system that fills up for real: a 4 MiB tmpfs mounted by the test (as
 * root, unmounted after), the output (an InfluxDB of the test's own) stopped while more events
 * come than the file system holds, then started again. Before, the replay had to write a new
 * checkpoint file before it freed delivered segments, that write failed with "No space left on
 * device", and the buffer never drained.
 */
class DiskBufferFullDiskIT {
    private static final int EVENTS = 12_000;
    /** About 600 bytes per buffered record: 12 000 of them are 7 MB, well over the 4 MiB file system. */
    private static final String PADDING = "x".repeat(500);

    @Test
    void aFullFileSystemHoldsTheSourcesBackSaysSoAndDrainsEverythingOnceTheOutputIsBack() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String db = "wharf_fulldisk_" + run;
        Path mount = Files.createDirectories(Path.of("target", "tmpfs-" + run).toAbsolutePath());
        sh("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString());
        var metrics = new SelfMetrics();
        AtomicInteger acked = new AtomicInteger();
        Path bufferDir = mount.resolve("buffer");
        String gauge = "wharf_disk_buffer_disk_full";
        try (PrivateInfluxDb influx = PrivateInfluxDb.start(Path.of("target", "private-influxdb-" + run))) {
            var buffer = new DiskBufferConfig(bufferDir.toString(), ByteSize.parse("1GiB"), ByteSize.parse("256KiB"), "every_write", null);
            var config = new InfluxSinkConfig(HostUrl.parse(influx.url()), db, null, null, null, null, null, "ns", true, true,
                    Duration.ofSeconds(5), new RetryConfig(Duration.ofMillis(100), Duration.ofSeconds(1), null),
                    DeadLetterConfig.file(Path.of("target", "fulldisk-" + run + "-dl").toString()), buffer,
                    new QueueConfig(ByteSize.of(1L << 20), null), new BatchConfig(500, null, Duration.ofMillis(100), 1));
            try (Pipeline pipeline = Sinks.pipeline(new OutputsConfig(null, config, null, null, null), metrics)) {
                pipeline.start();
                influx.stop();
                Thread load = new Thread(() -> {
                    try {
                        for (int i = 0; i < EVENTS; i++) {
                            pipeline.publisher().publish(MetricPoint.builder("up").tag("host", "h1").field("v", (long) i)
                                    .field("pad", PADDING).timestampNanos(1_700_000_000_000_000_000L + i * 1_000L).build()
                                    .ack(Acknowledgement.onComplete(acked::incrementAndGet)));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "load");
                load.start();

                await().atMost(Duration.ofSeconds(60)).until(() -> metrics.value(gauge, "buffer", bufferDir.toString()) == 1.0);
                assertThat(Files.getFileStore(mount).getUsableSpace()).as("the file system is full for real").isLessThan(64 * 1024);
                assertThat(metrics.value("wharf_disk_buffer_no_space_total", "buffer", bufferDir.toString())).isPositive();
                assertThat(acked.get()).as("the sources are held back, not acknowledged past what is on disk").isLessThan(EVENTS);

                influx.start();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> acked.get() == EVENTS && InfluxQueries.countAndSum(influx.url(), db)[0] == EVENTS);
                load.join(TimeUnit.SECONDS.toMillis(10));
                assertThat(InfluxQueries.countAndSum(influx.url(), db)[1]).isEqualTo((long) EVENTS * (EVENTS - 1) / 2);
                // InfluxDB keeps one point per series and time, so the sink's own count shows a point sent twice
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        metrics.value("wharf_events_out_total", "component", "sink.influxdb") == EVENTS);
                assertThat(metrics.value(gauge, "buffer", bufferDir.toString())).as("space again").isZero();
                assertThat(metrics.value("wharf_events_dropped_total", "component", "sink.influxdb", "reason", "corrupt")).isZero();
            }
        } finally {
            sh("umount", mount.toString());
        }
    }

    private static void sh(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", command) + ": " + out).isTrue();
    }
}
