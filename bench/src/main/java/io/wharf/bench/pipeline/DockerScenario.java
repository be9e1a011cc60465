package io.wharf.bench.pipeline;

import io.wharf.testkit.TestContainers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real container writes the lines (busybox {@code cat} of the corpus) to Docker's json-file log
 * ({@code max-size=10m}, with enough {@code max-file} that nothing is deleted before it is read),
 * while the agent is already running; both agents tail Docker's files and write NDJSON. Fluent Bit
 * tails the container's {@code -json.log} with its {@code docker} parser (it follows rotation
 * itself), wharf discovers the container through the Docker API as always. Timed from the
 * container's start; one new container per run; dockerd's CPU is not counted.
 */
final class DockerScenario implements Scenario {
    private static final long MAX_SIZE = 10L * 1024 * 1024;

    private final Contenders.Setup setup;
    private final Path corpus;
    private final long lines;
    private final List<WharfVariant> variants;
    private final TestContainers containers = new TestContainers();

    DockerScenario(Contenders.Setup setup, Path corpus, long lines, List<WharfVariant> variants) {
        this.setup = setup;
        this.corpus = corpus;
        this.lines = lines;
        this.variants = variants;
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public String description() {
        return "container -> Docker json-file (max-size=10m) -> tail -> DIRAC parse -> NDJSON file";
    }

    @Override
    public long lines() {
        return lines;
    }

    @Override
    public String baseline() {
        return "fluent-bit";
    }

    /** A container, created but not started, that will write the corpus to its json-file log. */
    private String createWriter(String runLabel) throws Exception {
        // A json-file record is the line plus about 70 bytes ({"log":"...\n","stream":"stdout","time":"..."}).
        long bytes = Files.size(corpus) + lines * 80;
        long files = bytes / MAX_SIZE + 3;
        return containers.spec("pipeline", "cat /corpus/dirac.log").bindReadOnly(corpus.toString(), "/corpus/dirac.log")
                .logOpt("max-size", "10m").logOpt("max-file", String.valueOf(files)).label("wharf.bench", runLabel).create();
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
                Path dir = setup.runDir(DockerScenario.this.name(), name(), round);
                String id = createWriter(name() + "-" + round);
                try {
                    Path log = Path.of("/var/lib/docker/containers", id, id + "-json.log");
                    String load = Contenders.load();
                    MeasuredProcess p = Contenders.fluentBit(setup, "docker.conf", dir, Map.of("BENCH_IN", log.toString()));
                    p.awaitLog(dir.resolve("fluent-bit.log"), Contenders.FLUENT_BIT_READY, Duration.ofSeconds(30));
                    long from = System.nanoTime();
                    containers.start(id);
                    return Contenders.measure(p, name(), round, new NdjsonLines(dir.resolve("out.ndjson")), lines, from,
                            Duration.ofMillis(20), setup, load);
                } finally {
                    containers.remove(id);
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
                    Path dir = setup.runDir(DockerScenario.this.name(), name(), round);
                    String label = name() + "-" + round + "-" + containers.runId();
                    String id = createWriter(label);
                    try {
                        String load = Contenders.load();
                        MeasuredProcess p = Contenders.wharfAgent(setup, v.javaOpts(), dir, List.of(
                                "logs:",
                                "  rules:",
                                "    - match: {label: \"wharf.bench=" + label + "\"}",
                                "      parser: dirac",
                                "      multiline: {type: none}   # as Fluent Bit: one event a line",
                                "    - match: {name: \"*\"}",
                                "      exclude: true",
                                "outputs:",
                                "  file: {path: \"" + dir.resolve("out") + "\"}"));
                        p.awaitLog(dir.resolve("agent.log"), Contenders.WHARF_READY, Duration.ofSeconds(60));
                        long from = System.nanoTime();
                        containers.start(id);
                        return Contenders.measure(p, name(), round, new NdjsonLines(dir.resolve("out").resolve("events.ndjson")),
                                lines, from, Duration.ofMillis(20), setup, load);
                    } finally {
                        containers.remove(id);
                    }
                }
            });
        }
        return all;
    }

    @Override
    public void close() {
        containers.close();
    }
}
