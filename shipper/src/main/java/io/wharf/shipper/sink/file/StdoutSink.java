package io.wharf.shipper.sink.file;

import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.event.LogEvent;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.json.Json;
import io.wharf.core.metrics.ComponentMetrics;
import io.wharf.core.pipeline.Sink;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Writes every event as one JSON line on standard output (the agent logs to stderr). */
public final class StdoutSink implements Sink {
    private final PrintStream out;
    private final ComponentMetrics metrics;

    public StdoutSink(PrintStream out, ComponentMetrics metrics) {
        this.out = out;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public Set<EventKind> accepts() {
        return EnumSet.allOf(EventKind.class);
    }

    @Override
    public void write(List<Event> batch) {
        StringBuilder sb = new StringBuilder();
        for (Event e : batch) {
            if (e instanceof LogEvent log) {
                sb.append(Json.toJson(log)).append('\n');
            } else if (e instanceof MetricPoint p) {
                sb.append(Json.write(Json.toMap(p))).append('\n');
            }
        }
        out.print(sb);
        out.flush();
        metrics.out().add(batch.size());
    }
}
