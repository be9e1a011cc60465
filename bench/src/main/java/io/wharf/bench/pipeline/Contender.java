package io.wharf.bench.pipeline;

/** One side of a scenario (Fluent Bit, wharf with some JVM options, a grok peer): runs the whole job once. */
interface Contender {
    String name();

    Measurement run(int round) throws Exception;
}
