package io.wharf.bench.grok;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * DIRAC service lines per second, one thread: wharf's DIRAC parser (as the agent runs it) against
 * Elasticsearch's grok library and java-grok running the same patterns ({@link PeerPatterns}) over
 * the same corpus ({@link DiracCorpus}), plus wharf's grok engine alone with the peers' patterns
 * ({@link WharfGrokParser}). Before measuring, {@link #setUp} checks on the whole
 * corpus that all four extract the same fields and values, and refuses to run otherwise.
 * One operation is one line (each invocation parses the whole corpus).
 *
 * <p>Run with {@code ./wharf bench grok} (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class GrokDiracBench {
    /** Lines in the corpus, also the operations of one invocation. */
    public static final int LINES = 10_000;

    private String[] lines;
    private LineParser wharf;
    private LineParser elasticsearch;
    private LineParser javaGrok;
    private LineParser wharfGrok;

    @Setup
    public void setUp() {
        List<String> corpus = DiracCorpus.lines(LINES);
        lines = corpus.toArray(new String[0]);
        wharf = new WharfDiracParser();
        elasticsearch = ElasticsearchGrok.create();
        javaGrok = new JavaGrokParser();
        wharfGrok = new WharfGrokParser();
        SameFields.check(corpus, wharf, elasticsearch, javaGrok, wharfGrok);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void wharfDirac(Blackhole bh) {
        run(wharf, bh);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void elasticsearchGrok(Blackhole bh) {
        run(elasticsearch, bh);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void javaGrok(Blackhole bh) {
        run(javaGrok, bh);
    }

    /** wharf's grok engine alone with the peers' three patterns: engine against engine. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void wharfGrok(Blackhole bh) {
        run(wharfGrok, bh);
    }

    private void run(LineParser parser, Blackhole bh) {
        for (String line : lines) {
            Map<String, Object> fields = parser.parse(line);
            bh.consume(fields);
        }
    }
}
