package io.wharf.grok;

import io.wharf.core.event.LogEvent;
import io.wharf.core.pipeline.Processor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Parses one field of a log event (the {@code message} by default) with grok patterns and puts the
 * captures into the event. A line that no pattern matches keeps its text and gets
 * {@code tag_on_failure}; one that runs out of its time budget gets {@code _groktimeout}.
 */
public final class GrokProcessor implements Processor {
    private final GrokConfig config;
    private final GrokMatcher matcher;

    public GrokProcessor(GrokConfig config) {
        this(config, false);
    }

    /** With {@code withStats}, counts per pattern what matched and how long it took. */
    public GrokProcessor(GrokConfig config, boolean withStats) {
        this.config = config;
        List<Grok> compiled = config.compile();
        this.matcher = new GrokMatcher(compiled, config.breakOnMatch(), config.keepEmptyCaptures(), config.timeout(),
                withStats ? new GrokStats(config.patterns()) : null, config.overwriteFields());
    }

    public GrokStats stats() {
        return matcher.stats();
    }

    @Override
    public void process(LogEvent event) {
        Object source = event.get(config.sourceField());
        if (source == null) {
            return;
        }
        byte[] bytes = source.toString().getBytes(StandardCharsets.UTF_8);
        GrokMatcher.Outcome outcome;
        try {
            outcome = matcher.apply(bytes, 0, bytes.length, event.fields(), event.metadata());
        } catch (RuntimeException e) {
            outcome = GrokMatcher.Outcome.NO_MATCH;
        }
        switch (outcome) {
            // Captures were written straight into the fields; putting one field back through the
            // event makes it recompute its size estimate, which queues rely on.
            case MATCHED -> event.put(config.sourceField(), event.get(config.sourceField()));
            case NO_MATCH -> event.addTag(config.tagOnFailure());
            case TIMEOUT -> event.addTag(GrokConfig.TIMEOUT_TAG);
        }
    }
}
