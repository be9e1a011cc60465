package io.wharf.bench.shipper;

import io.wharf.bench.ProcessUsage;
import io.wharf.core.ack.Acknowledgement;
import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.OutputsConfig;
import io.wharf.shipper.Shipper;
import io.wharf.shipper.Sinks;
import io.wharf.shipper.sink.kafka.KafkaSinkConfig;
import io.wharf.testkit.ElasticsearchCleanup;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A group of N {@code wharf shipper} processes (not a test): EVENTS DIRAC-like log events of one
 * busy source are produced into a fresh topic of PARTITIONS partitions on the real broker (the
 * agent's Kafka output, in this JVM), then N shippers, each its own JVM, read it in one consumer
 * group into the file output or the real Elasticsearch. The delivery window runs from the first
 * commit of the group to the moment its lag is 0 (JVM start and group join are outside it);
 * every shipper's CPU (utime + stime from /proc: all threads, GC, JIT) is taken at both ends.
 * Prints events/s of the group, CPU s per million events (the group's, and per shipper) and each
 * shipper's RSS; and the agent leg's CPU per million events while producing (this JVM, which
 * also builds the events: an upper bound).
 * Usage: ShipperGroupBench SHIPPERS EVENTS file|elasticsearch PARTITIONS BOOTSTRAP ES_URL SHIPPER_JAVA_OPTS
 */
public final class ShipperGroupBench {
    public static void main(String[] args) throws Exception {
        int shippers = Integer.parseInt(args[0]);
        int events = Integer.parseInt(args[1]);
        String output = args[2];
        int partitions = Integer.parseInt(args[3]);
        String bootstrap = args[4];
        String esUrl = args[5];
        String javaOpts = args.length > 6 ? args[6] : "-Xmx256m";
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String topic = "wharf-bench-" + run;
        String ns = "bench" + run;
        Path dir = Path.of("bench", "target", "shipper-bench-" + run).toAbsolutePath();
        Files.createDirectories(dir);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1), new NewTopic(topic + "-metrics", 1, (short) 1))).all().get();
            produce(bootstrap, topic, events);

            Path config = dir.resolve("shipper.yml");
            String out = output.equals("elasticsearch")
                    ? ("elasticsearch: {hosts: [\"%s\"], data_stream_namespace: %s, dead_letter: {type: index, index_prefix: wharf-deadletter-%s}, "
                            + "batch: {max_events: 1000, workers: 2}}").formatted(esUrl, ns, ns)
                    : "file: {path: \"%s/out-${WHARF_SHIPPER_N}\"}".formatted(dir);
            Files.writeString(config, """
                    kafka: {bootstrap_servers: ["%s"], logs_topic: %s, metrics_topic: %s-metrics}
                    group_id: bench-%s
                    outputs:
                      %s
                    """.formatted(bootstrap, topic, topic, run, out));
            List<Process> group = new ArrayList<>();
            try {
                for (int i = 0; i < shippers; i++) {
                    List<String> cmd = ProcessUsage.javaCommand(javaOpts);
                    // warnings only, as in this JVM: console output must not be what is measured
                    cmd.addAll(List.of("-Dlogback.configurationFile=io/wharf/bench/sink/logback.xml", "-cp", System.getProperty("java.class.path"), Shipper.class.getName(), config.toString()));
                    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("shipper-" + i + ".log").toFile());
                    pb.environment().put("WHARF_SHIPPER_N", String.valueOf(i));
                    group.add(pb.start());
                }
                String groupId = "bench-" + run;
                long lag = lag(admin, groupId, topic, partitions);
                while (lag == events) {
                    check(group, dir);
                    Thread.sleep(50);
                    lag = lag(admin, groupId, topic, partitions);
                }
                long t0 = System.nanoTime();
                long[] cpu0 = cpu(group);
                long inWindow = lag;
                while (lag > 0) {
                    check(group, dir);
                    Thread.sleep(50);
                    lag = lag(admin, groupId, topic, partitions);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long[] cpu1 = cpu(group);
                double cpuTotal = 0;
                StringBuilder each = new StringBuilder();
                for (int i = 0; i < shippers; i++) {
                    double s = (cpu1[i] - cpu0[i]) / (double) ProcessUsage.CLOCK_TICKS_PER_SECOND;
                    cpuTotal += s;
                    each.append(String.format(" %.1f CPU s / %d MiB RSS;", s, ProcessUsage.rssKib(group.get(i).pid()) / 1024));
                }
                // the group's CPU over the events it delivered: what each shipper spends per event it delivers, on average
                System.out.printf("shipper group: %d shipper(s), %d partitions, %s output, %d events in the window: %.0f events/s, "
                                + "%.1f CPU s per million events, %.1f s; load %s; each:%s%n",
                        shippers, partitions, output, inWindow, inWindow / seconds, cpuTotal / inWindow * 1e6,
                        seconds, Files.readString(Path.of("/proc/loadavg")).split(" ")[0], each);
            } finally {
                for (Process p : group) {
                    p.destroy();
                }
                for (Process p : group) {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
                admin.deleteTopics(List.of(topic, topic + "-metrics")).all().get();
                if (output.equals("elasticsearch")) {
                    ElasticsearchCleanup.deleteDataStreamsAndIndices(esUrl, "logs-wharf.dirac-" + ns);
                    ElasticsearchCleanup.deleteIndexTemplates(esUrl, "wharf-logs-" + ns, "wharf-deadletter-" + ns);
                }
                for (int i = 0; i < shippers; i++) {
                    // the output files go (they are as large as the topic); the shippers' logs stay
                    new ProcessBuilder("rm", "-rf", dir.resolve("out-" + i).toString()).start().waitFor();
                }
            }
        }
    }

    /** The agent leg: one busy source through the Kafka output, timed to the last acknowledgement. */
    private static void produce(String bootstrap, String topic, int events) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        CountDownLatch done = new CountDownLatch(events);
        Instant base = Instant.parse("2026-11-21T10:00:00Z");
        String source = "/var/log/dirac/WorkloadManagement_JobAgent.log";
        try (Pipeline agent = Sinks.pipeline(new OutputsConfig(null, null, KafkaSinkConfig.of(bootstrap, topic, topic + "-metrics"), null, null),
                new SelfMetrics())) {
            agent.start();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                agent.publisher().publish(LogEvent.ofMessage("2026-11-21 10:00:00 UTC WorkloadManagement/JobAgent INFO: Job " + i
                                + " submitted to the queue with owner lhcb_user and 12 input files")
                        .id(LogEvent.idFor(source, i * 120L)).dataset("dirac").routingKey(source)
                        .put("@timestamp", base.plusMillis(i).toString())
                        .put("log.level", "INFO").put("log.file.path", source).put("host.name", "vobox01")
                        .put("dirac.component", "WorkloadManagement/JobAgent").put("dirac.job_id", (long) i)
                        .ack(Acknowledgement.onComplete(done::countDown)));
            }
            done.await();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("agent -> kafka: %d events: %.0f events/s, %.1f CPU s per million events (this JVM, building the events too)%n",
                    events, events / seconds, cpu / events * 1e6);
        }
    }

    private static long lag(Admin admin, String group, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    private static long[] cpu(List<Process> group) throws Exception {
        long[] ticks = new long[group.size()];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = ProcessUsage.cpuTicks(group.get(i).pid());
        }
        return ticks;
    }

    private static void check(List<Process> group, Path dir) {
        for (int i = 0; i < group.size(); i++) {
            if (!group.get(i).isAlive()) {
                throw new IllegalStateException("shipper " + i + " died; see " + dir.resolve("shipper-" + i + ".log"));
            }
        }
    }
}
