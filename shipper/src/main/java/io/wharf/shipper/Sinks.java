package io.wharf.shipper;

import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
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
            builder.sink(new ElasticsearchSink("elasticsearch", c, metrics.component("sink.elasticsearch")),
                    c.queue().maxBytes().bytes(), c.queue().whenFull(), c.batch().settings());
        }
        if (outputs.influxdb() != null) {
            var c = outputs.influxdb();
            builder.sink(new InfluxSink("influxdb", c, metrics.component("sink.influxdb")),
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
}
