package io.wharf.bench.sink;

import io.wharf.shipper.http.HostUrl;
import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.OutputsConfig;
import io.wharf.shipper.Sinks;
import io.wharf.shipper.deadletter.DeadLetterConfig;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.elasticsearch.ElasticsearchSinkConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Whole-sink benchmark against a real Elasticsearch (not a test): N DIRAC-like log events through
 * the pipeline and the Elasticsearch sink (bulk, gzip, data stream, _id per event), timed from the
 * first publish to the last acknowledgement. Prints events/s and this JVM's CPU seconds per
 * million events (which includes building the events, so it is an upper bound for the sink).
 * Usage: ElasticsearchSinkBench [events=200000] [batch=1000] [workers=2] [url=http://127.0.0.1:9200] [gzip|none]
 */
public final class ElasticsearchSinkBench {
    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String url = args.length > 3 ? args[3] : "http://127.0.0.1:9200";
        String compression = args.length > 4 ? args[4] : "gzip";
        String ns = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        var config = new ElasticsearchSinkConfig(List.of(HostUrl.parse(url)), null, null, null, null, compression, null, ns, null, null, null,
                null, DeadLetterConfig.file("target/bench-deadletter"), null, null,
                new BatchConfig(batch, null, Duration.ofMillis(200), workers));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        CountDownLatch done = new CountDownLatch(events);
        SelfMetrics metrics = new SelfMetrics();
        long cpu0;
        long t0;
        try (Pipeline pipeline = Sinks.pipeline(new OutputsConfig(config, null, null, null, null), metrics)) {
            pipeline.start();
            Instant base = Instant.parse("2026-11-21T10:00:00Z");
            cpu0 = os.getProcessCpuTime();
            t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                pipeline.publisher().publish(LogEvent.ofMessage("2026-11-21 10:00:00 UTC WorkloadManagement/JobAgent INFO: Job " + i
                                + " submitted to the queue with owner lhcb_user and 12 input files")
                        .id("bench-" + Integer.toString(i, 36)).dataset("dirac")
                        .put("@timestamp", base.plusMillis(i).toString())
                        .put("log.level", "INFO").put("container.id", "0123456789ab").put("container.name", "dirac-wms")
                        .put("host.name", "vobox01").put("dirac.component", "WorkloadManagement/JobAgent")
                        .put("dirac.job_id", (long) i)
                        .ack(Acknowledgement.onComplete(done::countDown)));
            }
            done.await();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf("elasticsearch sink: %d events, batch %d, workers %d, %s: %.0f events/s, %.2f CPU s per million events (%.1f s wall, %.1f CPU s)%n",
                events, batch, workers, compression, events / seconds, cpu / events * 1e6, seconds, cpu);
        System.out.printf("delivered %d, retried %d, dead-lettered %d%n",
                (long) metrics.value("wharf_events_out_total", "component", "sink.elasticsearch"),
                (long) metrics.value("wharf_events_retried_total", "component", "sink.elasticsearch"),
                (long) metrics.value("wharf_events_failed_total", "component", "sink.elasticsearch"));
        io.wharf.testkit.ElasticsearchCleanup.deleteDataStreamsAndIndices(url, "logs-wharf.dirac-" + ns);
        io.wharf.testkit.ElasticsearchCleanup.deleteIndexTemplates(url, "wharf-logs-" + ns);
    }
}
