package io.wharf.agent.metrics;

import io.wharf.core.event.Event;
import io.wharf.core.event.EventKind;
import io.wharf.core.event.MetricPoint;
import io.wharf.core.pipeline.Sink;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A pipeline sink (the pipeline's own interface) that keeps the metric points it receives. */
public final class CollectingSink implements Sink {
    private final List<MetricPoint> points = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "collect";
    }

    @Override
    public Set<EventKind> accepts() {
        return Set.of(EventKind.METRIC);
    }

    @Override
    public void write(List<Event> batch) {
        batch.forEach(e -> points.add((MetricPoint) e));
    }

    public List<MetricPoint> points(String measurement) {
        return points.stream().filter(p -> p.measurement().equals(measurement)).collect(Collectors.toList());
    }

    /** The points of one container, by its container_name tag. */
    public List<MetricPoint> points(String measurement, String containerName) {
        return points(measurement).stream().filter(p -> containerName.equals(p.tags().get("container_name")))
                .collect(Collectors.toList());
    }
}
