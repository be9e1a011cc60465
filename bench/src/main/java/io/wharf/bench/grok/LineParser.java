package io.wharf.bench.grok;

import java.util.Map;

/** One of the parsers the benchmark compares: a DIRAC line in, its fields out (null: no match). */
public interface LineParser {
    String name();

    Map<String, Object> parse(String line);
}
