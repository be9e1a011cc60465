package io.wharf.bench.pipeline;

import io.wharf.bench.ProcessUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code wharf parse --parser dirac FILE} as a whole process against the grok peers of the DIRAC
 * parsing benchmark (java-grok, elasticsearch-grok) run the same way ({@link GrokPeerProcess}): the
 * same file, one JSON object a line on standard output (to a file), the same JVM options. Each
 * process ends by itself; GNU time reports its CPU and peak RSS (the process is gone by then).
 */
final class ParseScenario implements Scenario {
    private final Contenders.Setup setup;
    private final Path corpus;
    private final long lines;
    private final WharfVariant wharf;

    ParseScenario(Contenders.Setup setup, Path corpus, long lines, WharfVariant wharf) {
        this.setup = setup;
        this.corpus = corpus;
        this.lines = lines;
        this.wharf = wharf;
    }

    @Override
    public String name() {
        return "parse";
    }

    @Override
    public String description() {
        return "wharf parse --parser dirac FILE vs the grok peers, whole process, JSON lines to a file";
    }

    @Override
    public long lines() {
        return lines;
    }

    @Override
    public String baseline() {
        return null;
    }

    @Override
    public List<Contender> contenders() {
        List<String> wharfCmd = new ArrayList<>(List.of("-jar", setup.wharfJar().toString(), "parse", "--parser", "dirac",
                corpus.toString()));
        String cp = System.getProperty("java.class.path");
        return List.of(
                process(wharf.name() + "-parse", wharfCmd),
                process("java-grok", List.of("-cp", cp, GrokPeerProcess.class.getName(), "java-grok", corpus.toString())),
                process("elasticsearch-grok", List.of("-cp", cp, GrokPeerProcess.class.getName(), "elasticsearch-grok",
                        corpus.toString())));
    }

    private Contender process(String name, List<String> args) {
        return new Contender() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Measurement run(int round) throws Exception {
                Path dir = setup.runDir(ParseScenario.this.name(), name, round);
                Path time = dir.resolve("time.txt");
                List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S %M", "-o", time.toString()));
                cmd.addAll(ProcessUsage.javaCommand(wharf.javaOpts()));
                cmd.addAll(args);
                String load = Contenders.load();
                Path out = dir.resolve("out.ndjson");
                long start = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                        .start();
                if (!p.waitFor(setup.timeout().toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(name + " did not finish within " + setup.timeout());
                }
                double wall = (System.nanoTime() - start) / 1e9;
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(name + " exited with " + p.exitValue() + ": "
                            + Files.readString(dir.resolve("stderr.txt")));
                }
                long written = new NdjsonLines(out).count();
                if (written != lines) {
                    throw new IllegalStateException(name + ": " + written + " JSON lines for " + lines + " input lines");
                }
                String[] usage = Files.readAllLines(time).get(Files.readAllLines(time).size() - 1).trim().split("\\s+");
                return new Measurement(name, round, lines, wall, Double.parseDouble(usage[0]) + Double.parseDouble(usage[1]),
                        Long.parseLong(usage[2]), load);
            }
        };
    }
}
