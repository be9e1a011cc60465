package io.wharf.shipper;

import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Pipeline;
import io.wharf.shipper.sink.file.FileSink;
import io.wharf.shipper.sink.file.StdoutSink;

/**
 * Builds the pipeline's sinks from the {@code outputs:} section. The one place that knows every
 * sink type, like Vector's sink registry.
 */
public final class Sinks {
    private Sinks() {
    }

    public static Pipeline pipeline(OutputsConfig outputs, SelfMetrics metrics) {
        Pipeline.Builder builder = Pipeline.builder(metrics);
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
        // elasticsearch, influxdb, kafka: see the shipping issue
        return builder.build();
    }
}
