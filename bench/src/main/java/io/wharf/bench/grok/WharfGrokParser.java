package io.wharf.bench.grok;

import io.wharf.grok.GrokConfig;
import io.wharf.grok.GrokMatcher;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * wharf's grok engine on its own, running exactly the peers' three patterns ({@link PeerPatterns})
 * with the default time budget: the engine-to-engine comparison, without anything the DIRAC
 * parser knows about DIRAC lines.
 */
public final class WharfGrokParser implements LineParser {
    private final GrokMatcher matcher;

    public WharfGrokParser() {
        GrokConfig config = new GrokConfig(PeerPatterns.EXPRESSIONS, PeerPatterns.definitions(), null,
                null, null, null, null, null, null);
        matcher = new GrokMatcher(config.compile(), true, false, config.timeout(), null);
    }

    @Override
    public String name() {
        return "wharf-grok";
    }

    @Override
    public Map<String, Object> parse(String line) {
        Map<String, Object> fields = new LinkedHashMap<>();
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return matcher.apply(bytes, 0, bytes.length, fields) == GrokMatcher.Outcome.MATCHED ? fields : null;
    }
}
