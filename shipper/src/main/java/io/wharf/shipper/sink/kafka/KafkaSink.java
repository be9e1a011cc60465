package io.wharf.shipper.sink.kafka;

import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.ComponentMetrics;
import io.wharf.core.pipeline.Sink;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events to Kafka in the {@link KafkaEnvelope} form. The producer is idempotent with
 * {@code acks=all} and retries transient errors itself without reordering. {@code write} waits for every send to
 * be acknowledged by the brokers; a send the producer gave up on is sent again. Partitioning:
 * {@link #key}.
 */
public final class KafkaSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);

    private final String name;
    private final KafkaSinkConfig config;
    private final ComponentMetrics metrics;
    private KafkaProducer<String, byte[]> producer;

    public KafkaSink(String name, KafkaSinkConfig config, ComponentMetrics metrics) {
        this.name = name;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<EventKind> accepts() {
        return EnumSet.allOf(EventKind.class);
    }

    public static Properties producerProperties(KafkaSinkConfig config) {
        Properties p = config.clientProperties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.putAll(config.properties());
        return p;
    }

    @Override
    public void start() {
        producer = new KafkaProducer<>(producerProperties(config), new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void write(List<Event> batch) throws InterruptedException {
        List<Event> pending = batch;
        long backoff = 200;
        while (!pending.isEmpty()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(pending.size());
            for (Event e : pending) {
                String topic = e instanceof LogEvent ? config.logsTopic() : config.metricsTopic();
                sent.add(producer.send(new ProducerRecord<>(topic, key(e), KafkaEnvelope.encode(e))));
            }
            List<Event> again = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                try {
                    sent.get(i).get();
                    metrics.out().inc();
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof RetriableException)) {
                        // e.g. a record larger than the broker accepts: sending it again cannot help
                        metrics.dropped("refused").inc();
                        LOG.error("kafka output: the broker refused an event for good ({}); dropped: {}",
                                ex.getCause().toString(), abbreviate(pending.get(i).toString()));
                        continue;
                    }
                    again.add(pending.get(i));
                    if (again.size() == 1) {
                        LOG.warn("kafka output: send failed ({}); retrying", ex.getCause().toString());
                    }
                }
            }
            if (!again.isEmpty()) {
                metrics.retried().add(again.size());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
            pending = again;
        }
    }

    /**
     * A metric point's series always (its order matters to whoever computes rates from it); a log
     * event's source only with {@code logs_partitioning: source}. Unkeyed, the producer's sticky
     * partitioner fills a batch for one partition and then moves on, so a busy source is spread
     * over every partition (and every shipper) in whole batches; each event still carries its
     * source and position, and Elasticsearch orders by {@code @timestamp}, not by arrival.
     */
    private String key(Event e) {
        return e instanceof LogEvent && config.spreadLogs() ? null : e.routingKey();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
