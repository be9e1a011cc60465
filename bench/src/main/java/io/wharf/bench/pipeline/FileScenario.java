package io.wharf.bench.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plain file of DIRAC lines, read from its start, parsed, written as NDJSON: Fluent Bit's tail
 * input with the DIRAC parsers of {@code bench/fluent-bit} against wharf's {@code logs.files}
 * input with its DIRAC parser and file output. Timed from the process start (an operator's view).
 */
final class FileScenario implements Scenario {
    private final Contenders.Setup setup;
    private final Path corpus;
    private final long lines;
    private final List<WharfVariant> variants;

    FileScenario(Contenders.Setup setup, Path corpus, long lines, List<WharfVariant> variants) {
        this.setup = setup;
        this.corpus = corpus;
        this.lines = lines;
        this.variants = variants;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String description() {
        return "plain file -> DIRAC parse -> NDJSON file";
    }

    @Override
    public long lines() {
        return lines;
    }

    @Override
    public String baseline() {
        return "fluent-bit";
    }

    @Override
    public List<Contender> contenders() {
        List<Contender> all = new ArrayList<>();
        all.add(new Contender() {
            @Override
            public String name() {
                return "fluent-bit";
            }

            @Override
            public Measurement run(int round) throws Exception {
                Path dir = setup.runDir(FileScenario.this.name(), name(), round);
                String load = Contenders.load();
                MeasuredProcess p = Contenders.fluentBit(setup, "file.conf", dir, Map.of("BENCH_IN", corpus.toString()));
                return Contenders.measure(p, name(), round, new NdjsonLines(dir.resolve("out.ndjson")), lines, p.startNanos(),
                        Duration.ofMillis(20), setup, load);
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
                    Path dir = setup.runDir(FileScenario.this.name(), name(), round);
                    String load = Contenders.load();
                    MeasuredProcess p = Contenders.wharfAgent(setup, v.javaOpts(), dir, List.of(
                            "logs:",
                            "  rules: [{match: {name: \"*\"}, exclude: true}]   # no container of the host: the file only",
                            "  files:",
                            "    - paths: [\"" + corpus + "\"]",
                            "      parser: dirac",
                            "outputs:",
                            "  file: {path: \"" + dir.resolve("out") + "\"}"));
                    return Contenders.measure(p, name(), round, new NdjsonLines(dir.resolve("out").resolve("events.ndjson")), lines,
                            p.startNanos(), Duration.ofMillis(20), setup, load);
                }
            });
        }
        return all;
    }
}
