package io.wharf.bench.grok;

import io.krakens.grok.api.Grok;
import io.krakens.grok.api.GrokCompiler;
import io.krakens.grok.api.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** java-grok (java.util.regex underneath), named captures only, patterns tried in order. */
public final class JavaGrokParser implements LineParser {
    private final Grok[] groks;

    public JavaGrokParser() {
        GrokCompiler compiler = GrokCompiler.newInstance();
        compiler.register(PeerPatterns.definitions());
        List<Grok> compiled = new ArrayList<>();
        for (String expression : PeerPatterns.EXPRESSIONS) {
            compiled.add(compiler.compile(expression, true));
        }
        groks = compiled.toArray(new Grok[0]);
    }

    @Override
    public String name() {
        return "java-grok";
    }

    @Override
    public Map<String, Object> parse(String line) {
        for (Grok grok : groks) {
            Match match = grok.match(line);
            if (match != Match.EMPTY) {
                return match.capture();
            }
        }
        return null;
    }
}
