package io.wharf.bench.pipeline;

import io.wharf.bench.grok.DiracCorpus;
import io.wharf.testkit.Stack;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./wharf bench pipeline}: Fluent Bit and wharf doing the same job on the same input on the
 * same machine, one after the other, in rounds that alternate who goes first, each measured as a
 * whole process (see docs/benchmarks.md, "Log pipeline vs Fluent Bit").
 *
 * <p>Options: {@code --lines N} (1 000 000), {@code --es-lines N} (200 000), {@code --rounds R} (3),
 * {@code --scenarios file,elasticsearch,docker,parse}, {@code --wharf-jvm [NAME=]OPTIONS} (repeat to
 * compare JVM settings; the first one also runs the parse scenario), {@code --work DIR},
 * {@code --fluent-bit PATH}, {@code --fluent-bit-configs DIR}, {@code --wharf-jar PATH}.
 */
public final class PipelineBench {
    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        List<WharfVariant> variants = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            if (args[i].equals("--wharf-jvm")) {
                variants.add(WharfVariant.parse(args[i + 1]));
            } else {
                opts.put(args[i], args[i + 1]);
            }
        }
        if (variants.isEmpty()) {
            variants.add(new WharfVariant("wharf", ""));
        }
        long lines = Long.parseLong(opts.getOrDefault("--lines", "1000000"));
        long esLines = Long.parseLong(opts.getOrDefault("--es-lines", String.valueOf(Math.min(lines, 200_000))));
        int rounds = Integer.parseInt(opts.getOrDefault("--rounds", "3"));
        List<String> names = Arrays.asList(opts.getOrDefault("--scenarios", "file,elasticsearch,docker,parse").split(","));
        Path work = Path.of(opts.getOrDefault("--work", "bench/target/pipeline")).toAbsolutePath();
        Contenders.Setup setup = new Contenders.Setup(
                Path.of(opts.getOrDefault("--fluent-bit", "../shared/peers/fluent-bit/bin/fluent-bit")).toAbsolutePath(),
                Path.of(opts.getOrDefault("--fluent-bit-configs", "bench/fluent-bit")).toAbsolutePath(),
                Path.of(opts.getOrDefault("--wharf-jar", "cli/target/wharf.jar")).toAbsolutePath(),
                work, Stack.elasticsearchUrl(), Stack.dockerHost(),
                Duration.ofSeconds(Math.max(180, lines / 1000)));
        Files.createDirectories(work);

        PrintStream out = System.out;
        String uptimeBefore = uptime();
        out.printf("%s  pipeline benchmark: %d lines (%d into Elasticsearch), %d rounds, scenarios %s%n", Instant.now(), lines,
                esLines, rounds, String.join(",", names));
        for (WharfVariant v : variants) {
            out.printf("  %s: java %s -jar %s%n", v.name(), v.javaOpts(), setup.wharfJar());
        }
        out.printf("  fluent-bit: %s (configs %s)%n  before: %s%n", setup.fluentBit(), setup.fluentBitConfigs(), uptimeBefore);
        Path corpus = corpus(work, lines);
        Path esCorpus = esLines == lines ? corpus : corpus(work, esLines);

        List<String> report = new ArrayList<>();
        for (String name : names) {
            try (Scenario s = switch (name.trim()) {
                case "file" -> new FileScenario(setup, corpus, lines, variants);
                case "elasticsearch", "es" -> new ElasticsearchScenario(setup, esCorpus, esLines, variants);
                case "docker" -> new DockerScenario(setup, corpus, lines, variants);
                case "parse" -> new ParseScenario(setup, corpus, lines, variants.get(0));
                default -> throw new IllegalArgumentException("unknown scenario " + name + " (file, elasticsearch, docker, parse)");
            }) {
                report.addAll(run(s, rounds, out));
            }
        }
        String uptimeAfter = uptime();
        report.add("before: " + uptimeBefore);
        report.add("after:  " + uptimeAfter);
        out.println();
        report.forEach(out::println);
        Path results = work.resolve("results-" + Instant.now().toString().replace(':', '-') + ".md");
        Files.write(results, report);
        out.println("(also in " + results + ")");
    }

    /** Every round of one scenario (the contenders take turns going first), then its table. */
    private static List<String> run(Scenario s, int rounds, PrintStream out) throws Exception {
        out.printf("%n== %s: %s, %,d lines%n", s.name(), s.description(), s.lines());
        List<Contender> contenders = s.contenders();
        List<Measurement> all = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int k = 0; k < contenders.size(); k++) {
                Contender c = contenders.get((k + round - 1) % contenders.size());
                Measurement m = c.run(round);
                all.add(m);
                out.printf(Locale.ROOT, "  round %d  %-20s wall %7.2f s  CPU %7.2f s  %6.1f CPU s/M lines  peak RSS %6.0f MiB  (load %s)%n",
                        round, m.contender(), m.wallSeconds(), m.cpuSeconds(), m.cpuPerMillionLines(), m.peakRssMib(), m.load());
            }
        }
        return table(s, contenders, all);
    }

    private static List<String> table(Scenario s, List<Contender> contenders, List<Measurement> all) {
        List<String> t = new ArrayList<>();
        t.add("");
        t.add(String.format(Locale.ROOT, "### %s: %s, %,d lines, %d rounds", s.name(), s.description(), s.lines(),
                all.stream().mapToInt(Measurement::round).max().orElse(0)));
        t.add("");
        t.add("| round | contender | wall s | CPU s | CPU s per million lines | peak RSS MiB | load before |");
        t.add("|---|---|---|---|---|---|---|");
        for (Measurement m : all) {
            t.add(String.format(Locale.ROOT, "| %d | %s | %.2f | %.2f | %.1f | %.0f | %s |", m.round(), m.contender(), m.wallSeconds(),
                    m.cpuSeconds(), m.cpuPerMillionLines(), m.peakRssMib(), m.load()));
        }
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (Contender c : contenders) {
            List<Measurement> mine = all.stream().filter(m -> m.contender().equals(c.name())).toList();
            medians.put(c.name(), new double[] {median(mine, Measurement::wallSeconds), median(mine, Measurement::cpuPerMillionLines),
                median(mine, Measurement::peakRssMib)});
        }
        String base = s.baseline() != null ? s.baseline() : medians.entrySet().stream().filter(e -> !e.getKey().endsWith("-parse"))
                .min((a, b) -> Double.compare(a.getValue()[1], b.getValue()[1])).map(Map.Entry::getKey).orElseThrow();
        double[] b = medians.get(base);
        t.add("");
        t.add("| median | wall s | CPU s per million lines | peak RSS MiB | wall vs " + base + " | CPU vs " + base + " | lines per CPU s vs " + base
                + " |");
        t.add("|---|---|---|---|---|---|---|");
        medians.forEach((name, m) -> t.add(String.format(Locale.ROOT, "| %s | %.2f | %.1f | %.0f | %.2fx | %.2fx | %.2fx |", name, m[0], m[1],
                m[2], m[0] / b[0], m[1] / b[1], b[1] / m[1])));
        return t;
    }

    private static double median(List<Measurement> ms, java.util.function.ToDoubleFunction<Measurement> f) {
        double[] v = ms.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The corpus file of {@code lines} DIRAC lines (DiracCorpus, fixed seed), made once and kept. */
    private static Path corpus(Path work, long lines) throws IOException {
        Path file = work.resolve("dirac-" + lines + ".log");
        if (!Files.exists(file)) {
            Path tmp = work.resolve(file.getFileName() + ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                DiracCorpus.forEach(lines, DiracCorpus.SEED, line -> {
                    try {
                        w.write(line);
                        w.write('\n');
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            Files.move(tmp, file);
        }
        System.out.printf(Locale.ROOT, "  corpus %s: %,d lines, %.1f MB, %.0f bytes a line on average%n", file, lines,
                Files.size(file) / 1e6, Files.size(file) / (double) lines - 1);
        return file;
    }

    private static String uptime() {
        try {
            return Instant.now() + " load average " + Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
