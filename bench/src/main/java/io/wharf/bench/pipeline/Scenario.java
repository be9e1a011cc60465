package io.wharf.bench.pipeline;

import java.util.List;

/** One job both sides do on the same input: its contenders, and the one the others are compared with. */
interface Scenario extends AutoCloseable {
    String name();

    String description();

    long lines();

    List<Contender> contenders();

    /** The contender whose median the ratios are taken against (Fluent Bit, or the faster grok peer when null). */
    String baseline();

    @Override
    default void close() throws Exception {
    }
}
