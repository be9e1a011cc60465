package io.wharf.bench.grok;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.elasticsearch.grok.Grok;
import org.elasticsearch.grok.PatternBank;

/** Elasticsearch's grok library (what its ingest grok processor runs), patterns tried in order. */
public final class ElasticsearchGrokParser implements LineParser {
    private final Grok[] groks;

    public ElasticsearchGrokParser() {
        PatternBank bank = new PatternBank(PeerPatterns.definitions());
        List<Grok> compiled = new ArrayList<>();
        for (String expression : PeerPatterns.EXPRESSIONS) {
            // No watchdog: the cheapest configuration of this library.
            compiled.add(new Grok(bank, expression, message -> { }));
        }
        groks = compiled.toArray(new Grok[0]);
    }

    @Override
    public String name() {
        return "elasticsearch-grok";
    }

    @Override
    public Map<String, Object> parse(String line) {
        for (Grok grok : groks) {
            Map<String, Object> captures = grok.captures(line);
            if (captures != null) {
                return captures;
            }
        }
        return null;
    }
}
