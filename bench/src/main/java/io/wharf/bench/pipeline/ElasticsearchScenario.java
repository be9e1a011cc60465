package io.wharf.bench.pipeline;

import io.wharf.testkit.ElasticsearchCleanup;
import io.wharf.testkit.Http;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The same file into the local Elasticsearch, a fresh index per run, done when {@code _count}
 * says every line is there (Elasticsearch's own CPU is not counted). Fluent Bit's {@code es}
 * output and wharf's elasticsearch output, each with its defaults except the index name (wharf:
 * daily indices under a prefix of the run, so that they can be deleted afterwards; the shared
 * server's minimal distribution cannot delete data streams).
 */
final class ElasticsearchScenario implements Scenario {
    private final Contenders.Setup setup;
    private final Path corpus;
    private final long lines;
    private final List<WharfVariant> variants;

    ElasticsearchScenario(Contenders.Setup setup, Path corpus, long lines, List<WharfVariant> variants) {
        this.setup = setup;
        this.corpus = corpus;
        this.lines = lines;
        this.variants = variants;
    }

    @Override
    public String name() {
        return "elasticsearch";
    }

    @Override
    public String description() {
        return "plain file -> DIRAC parse -> Elasticsearch (_count; Elasticsearch's CPU not counted)";
    }

    @Override
    public long lines() {
        return lines;
    }

    @Override
    public String baseline() {
        return "fluent-bit";
    }

    private static String runId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public List<Contender> contenders() {
        String es = setup.elasticsearchUrl();
        URI uri = URI.create(es);
        List<Contender> all = new ArrayList<>();
        all.add(new Contender() {
            @Override
            public String name() {
                return "fluent-bit";
            }

            @Override
            public Measurement run(int round) throws Exception {
                Path dir = setup.runDir(ElasticsearchScenario.this.name(), name(), round);
                String index = "bench-fluent-bit-" + runId();
                try {
                    String load = Contenders.load();
                    MeasuredProcess p = Contenders.fluentBit(setup, "elasticsearch.conf", dir, Map.of("BENCH_IN", corpus.toString(),
                            "BENCH_ES_HOST", uri.getHost(), "BENCH_ES_PORT", String.valueOf(uri.getPort()), "BENCH_ES_INDEX", index));
                    return Contenders.measure(p, name(), round, new ElasticsearchCount(es, index), lines, p.startNanos(),
                            Duration.ofMillis(100), setup, load);
                } finally {
                    ElasticsearchCleanup.deleteDataStreamsAndIndices(es, index);
                }
            }
        });
        for (WharfVariant v : variants) {
            all.add(new Contender() {
                @Override
                public String name() {
                    return v.name();
                }

                @Override
                public Measurement run(int round) throws Exception {
                    Path dir = setup.runDir(ElasticsearchScenario.this.name(), name(), round);
                    String prefix = "bench-wharf-" + runId();
                    try {
                        String load = Contenders.load();
                        MeasuredProcess p = Contenders.wharfAgent(setup, v.javaOpts(), dir, List.of(
                                "logs:",
                                "  rules: [{match: {name: \"*\"}, exclude: true}]   # no container of the host: the file only",
                                "  files:",
                                "    - paths: [\"" + corpus + "\"]",
                                "      parser: dirac",
                                "outputs:",
                                "  elasticsearch:",
                                "    hosts: [\"" + es + "\"]",
                                "    index_mode: daily",
                                "    index_prefix: " + prefix));
                        return Contenders.measure(p, name(), round, new ElasticsearchCount(es, prefix + "-*"), lines, p.startNanos(),
                                Duration.ofMillis(100), setup, load);
                    } finally {
                        ElasticsearchCleanup.deleteDataStreamsAndIndices(es, prefix + "-*");
                        Http.delete(es + "/_index_template/" + prefix);
                    }
                }
            });
        }
        return all;
    }
}
