package io.wharf.agent.logs;

import io.wharf.core.metrics.SelfMetrics;
import io.wharf.core.pipeline.Processor;
import io.wharf.grok.GrokConfig;
import io.wharf.grok.GrokProcessor;
import io.wharf.parser.dirac.DiracMultiline;
import io.wharf.parser.dirac.DiracParser;
import io.wharf.parser.dirac.RequestMethodCorrelator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Parsers by the name a configuration or a {@code wharf.parser} label gives them: the built-in
 * {@code none} (the line stays {@code message}) and {@code dirac} (DIRAC's formats, with the
 * request method carried from each query to its response), and every grok parser the operator
 * defines under {@code logs.grok.<name>}.
 */
public final class Parsers {
    public static final String NONE_NAME = "none";
    public static final String DIRAC_NAME = "dirac";
    static final List<String> BUILT_IN = List.of(NONE_NAME, DIRAC_NAME);
    private static final Processor NONE = event -> {
    };

    private final Map<String, GrokConfig> grok;
    private final SelfMetrics metrics;

    /** @param metrics where parsers count what they do (the agent's /metrics); null for nowhere */
    public Parsers(Map<String, GrokConfig> grok, SelfMetrics metrics) {
        this.grok = Map.copyOf(grok);
        this.metrics = metrics;
    }

    public boolean isKnown(String name) {
        return BUILT_IN.contains(name) || grok.containsKey(name);
    }

    public String known() {
        List<String> names = new ArrayList<>(BUILT_IN);
        grok.keySet().stream().sorted().forEach(names::add);
        return String.join(", ", names);
    }

    /** A new parser instance: parsers keep per-source state (DIRAC's pending requests), so each source gets its own. */
    public Processor create(String name) {
        if (name.equals(NONE_NAME)) {
            return NONE;
        }
        if (name.equals(DIRAC_NAME)) {
            return RequestMethodCorrelator.following(new DiracParser(), metrics);
        }
        GrokConfig config = grok.get(name);
        if (config == null) {
            throw new IllegalArgumentException("unknown parser '" + name + "' (known: " + known() + ")");
        }
        return new GrokProcessor(config);
    }

    /** DIRAC's multiline rule: which lines open an event. */
    static Predicate<String> diracStartsEvent() {
        return DiracMultiline::startsEvent;
    }
}
