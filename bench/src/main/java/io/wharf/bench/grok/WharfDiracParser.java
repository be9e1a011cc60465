package io.wharf.bench.grok;

import io.wharf.core.event.LogEvent;
import io.wharf.parser.dirac.DiracParser;
import java.util.Map;

/**
 * wharf's DIRAC parser exactly as the agent runs it: a log event holding the line as its message,
 * processed in place, with the default per-event time budget.
 */
public final class WharfDiracParser implements LineParser {
    private final DiracParser parser = new DiracParser();

    @Override
    public String name() {
        return "wharf-dirac";
    }

    @Override
    public Map<String, Object> parse(String line) {
        LogEvent event = LogEvent.ofMessage(line);
        parser.process(event);
        return event.hasTag("_grokparsefailure") ? null : event.fields();
    }
}
