package io.wharf.core.pipeline;

import io.wharf.core.event.LogEvent;

/**
 * A step between a source and the sinks: parse, enrich, rename. It changes the event in place and
 * must not throw on bad input; it tags the event instead (invariant 5).
 */
@FunctionalInterface
public interface Processor {
    void process(LogEvent event);
}
