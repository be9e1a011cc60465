package io.wharf.agent.logs;

import io.wharf.agent.docker.ContainerInfo;
import io.wharf.core.event.Fields;
import io.wharf.core.event.LogEvent;
import io.wharf.core.pipeline.Processor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every event of one source shares: the enrichment fields (host, container, service,
 * orchestrator), the parser, the multiline rule, the dataset and the routing key. Container
 * fields are swapped atomically when the container is renamed.
 */
final class SourceContext {
    private final String hostName;
    private final Processor parser;
    private final MultilineConfig multiline;
    private final Processor observer;
    private final String dataset;
    private final String routingKey;
    private final String tagOnBroken;
    private volatile Map<String, Object> containerFields;

    /** @param observer sees every event once parsed and enriched (DIRAC request metrics); null for none */
    SourceContext(String hostName, Processor parser, MultilineConfig multiline, Processor observer, String dataset,
                  String routingKey, String tagOnBroken, ContainerInfo container) {
        this.hostName = hostName;
        this.parser = parser;
        this.multiline = multiline;
        this.observer = observer;
        this.dataset = dataset;
        this.routingKey = routingKey;
        this.tagOnBroken = tagOnBroken;
        update(container);
    }

    void update(ContainerInfo c) {
        if (c == null) {
            containerFields = Map.of();
            return;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        Fields.put(f, "container.id", c.id());
        Fields.put(f, "container.name", c.name());
        Fields.put(f, "container.image.name", c.image());
        // Label keys are full of dots (com.docker.compose.service): as Filebeat's dedot, dots become
        // underscores, so one label does not turn into nested objects that clash with another.
        for (Map.Entry<String, String> l : c.labels().entrySet()) {
            Fields.putRaw(f, "container.labels", l.getKey().replace('.', '_'), l.getValue());
        }
        Fields.put(f, "service.name", c.serviceName());
        for (Map.Entry<String, String> o : c.orchestrator().entrySet()) {
            Fields.put(f, o.getKey(), o.getValue());
        }
        containerFields = f;
    }

    MultilineConfig multiline() {
        return multiline;
    }

    String routingKey() {
        return routingKey;
    }

    String tagOnBroken() {
        return tagOnBroken;
    }

    /** Runs the source's parser on the event. */
    void parse(LogEvent event) {
        parser.process(event);
    }

    /** Adds the source's fields, after parsing, so a parser cannot overwrite where the line came from. */
    void enrich(LogEvent event) {
        if (event.dataset().equals("container") && !dataset.equals("container")) {
            event.dataset(dataset);
        }
        event.put("host.name", hostName);
        deepMerge(event, "", containerFields);
        if (observer != null) {
            observer.process(event);
        }
    }

    @SuppressWarnings("unchecked")
    private static void deepMerge(LogEvent event, String prefix, Map<String, Object> fields) {
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m) {
                if (path.equals("container.labels")) {
                    for (Map.Entry<String, Object> l : ((Map<String, Object>) m).entrySet()) {
                        Fields.putRaw(event.fields(), "container.labels", l.getKey(), l.getValue());
                    }
                } else {
                    deepMerge(event, path, (Map<String, Object>) m);
                }
            } else {
                event.put(path, e.getValue());
            }
        }
    }
}
