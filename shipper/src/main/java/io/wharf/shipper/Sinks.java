package io.wharf.shipper;

import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.core.pipeline.Sink;
import io.wharf.shipper.buffer.BufferedSink;
import io.wharf.shipper.buffer.DiskBufferConfig;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.elasticsearch.ElasticsearchSink;
import io.wharf.shipper.sink.file.FileSink;
import io.wharf.shipper.sink.file.StdoutSink;
import io.wharf.shipper.sink.influxdb.InfluxSink;
import io.wharf.shipper.sink.kafka.KafkaSink;

/**
 * Builds the pipeline's sinks from the {@code outputs:} section. The one place that knows every
 * sink type, like Vector's sink registry.
 */
public final class Sinks {
    private Sinks() {
    }

    public static Pipeline pipeline(OutputsConfig outputs, SelfMetrics metrics) {
        Pipeline.Builder builder = Pipeline.builder(metrics);
        if (outputs.elasticsearch() != null) {
            var c = outputs.elasticsearch();
            builder.sink(buffered(new ElasticsearchSink("elasticsearch", c, metrics.component("sink.elasticsearch")), c.diskBuffer(), c.batch(), metrics),
                    c.queue().maxBytes().bytes(), c.queue().whenFull(), c.batch().settings());
        }
        if (outputs.influxdb() != null) {
            var c = outputs.influxdb();
            builder.sink(buffered(new InfluxSink("influxdb", c, metrics.component("sink.influxdb")), c.diskBuffer(), c.batch(), metrics),
                    c.queue().maxBytes().bytes(), c.queue().whenFull(), c.batch().settings());
        }
        if (outputs.kafka() != null) {
            var c = outputs.kafka();
            builder.sink(new KafkaSink("kafka", c, metrics.component("sink.kafka")),
                    c.queue().maxBytes().bytes(), c.queue().whenFull(), c.batch().settings());
        }
        if (outputs.file() != null) {
            var c = outputs.file();
            builder.sink(new FileSink("file", c, metrics.component("sink.file")), c.queue().maxBytes().bytes(),
                    c.queue().whenFull(), c.batch().settings());
        }
        if (outputs.stdout() != null && outputs.stdout().enabled()) {
            var c = outputs.stdout();
            builder.sink(new StdoutSink(System.out, metrics.component("sink.stdout")), c.queue().maxBytes().bytes(),
                    c.queue().whenFull(), c.batch().settings());
        }
        return builder.build();
    }

    /** The sink itself, or behind its disk buffer when {@code disk_buffer:} is configured. */
    private static Sink buffered(Sink sink, DiskBufferConfig buffer, BatchConfig batch, SelfMetrics metrics) {
        return buffer == null ? sink : new BufferedSink(sink, buffer, metrics.component("sink." + sink.name()), batch.maxEvents());
    }
}
