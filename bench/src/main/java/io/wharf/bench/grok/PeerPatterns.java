package io.wharf.bench.grok;

import io.wharf.grok.PatternLibrary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The patterns the peer grok libraries run: the three expressions a Logstash or Elasticsearch user
 * would write for DIRAC service logs, tried in order (DISET response, DISET query, any DIRAC
 * line), built from the very definitions wharf's DIRAC parser uses (the {@code dirac} and base
 * files of wharf's pattern library), so every engine runs the same regular expressions and
 * extracts the same fields.
 */
public final class PeerPatterns {
    private PeerPatterns() {
    }

    /** The three expressions, in the order they are tried. */
    public static final List<String> EXPRESSIONS = List.of(
            "^%{DIRAC_PREFIX} %{BENCH_DISET_RESPONSE:message}",
            "^%{DIRAC_PREFIX} %{BENCH_DISET_QUERY:message}$",
            "^%{DIRAC_PREFIX} ?%{GREEDYDATA:message}");

    /** wharf's built-in definitions plus the two message patterns without their anchors. */
    public static Map<String, String> definitions() {
        PatternLibrary library = PatternLibrary.builtin();
        Map<String, String> all = new LinkedHashMap<>(library.definitions());
        all.put("BENCH_DISET_RESPONSE", unanchored(library.definition("DIRAC_DISET_RESPONSE")));
        all.put("BENCH_DISET_QUERY", unanchored(library.definition("DIRAC_DISET_QUERY")));
        return all;
    }

    /** wharf's message patterns match the message on its own ({@code ^...$}); here it follows the prefix. */
    private static String unanchored(String definition) {
        String d = definition.startsWith("^") ? definition.substring(1) : definition;
        return d.endsWith("$") ? d.substring(0, d.length() - 1) : d;
    }
}
