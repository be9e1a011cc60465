package io.wharf.cli;

import io.wharf.core.event.LogEvent;
import io.wharf.core.json.Json;
import io.wharf.core.multiline.MultilineAggregator;
import io.wharf.core.pipeline.Processor;
import io.wharf.grok.GrokConfig;
import io.wharf.grok.GrokProcessor;
import io.wharf.grok.GrokStats;
import io.wharf.parser.dirac.DiracMultiline;
import io.wharf.parser.dirac.DiracParser;
import io.wharf.parser.dirac.RequestMethodCorrelator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code wharf parse}: runs the agent's multiline rule and parser over files or stdin and prints
 * one JSON event a line; with {@code --stats}, a per-pattern report on stderr (the grok debugger).
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = "Parse log lines (files or stdin) as the agent does and print one JSON event per line.")
final class ParseCommand implements Callable<Integer> {

    static final class ParserChoice {
        @Option(names = "--parser", description = "A built-in parser: dirac.")
        String parser;

        @Option(names = "--pattern", description = "A grok pattern (repeat to try several in order).")
        List<String> patterns;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    ParserChoice choice;

    @Option(names = "--patterns-dir", description = "A directory of pattern files to add to the library (repeatable).")
    List<Path> patternsDirs = new ArrayList<>();

    @Option(names = "--pattern-definition", description = "NAME=REGEX, an inline pattern definition (repeatable).")
    Map<String, String> definitions = new LinkedHashMap<>();

    @Option(names = "--multiline", description = "Multiline rule: dirac or none (default: dirac with --parser dirac, none otherwise).")
    String multiline;

    @Option(names = "--max-lines", defaultValue = "500", description = "Most lines in one multiline event (default: ${DEFAULT-VALUE}).")
    int maxLines;

    @Option(names = "--max-bytes", defaultValue = "1048576", description = "Most bytes in one multiline event (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--timeout", defaultValue = "1s", description = "Time budget for matching one event (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--no-break-on-match", description = "Try every --pattern and merge what they capture.")
    boolean noBreakOnMatch;

    @Option(names = "--all-captures", description = "Also emit %{NAME} without a field, under NAME (named_captures_only: false).")
    boolean allCaptures;

    @Option(names = "--keep-empty-captures", description = "Emit captures that matched nothing, as \"\" (keep_empty_captures: true).")
    boolean keepEmptyCaptures;

    @Option(names = "--tag-on-failure", description = "Tag for events no --pattern matched (default: _grokparsefailure).")
    String tagOnFailure;

    @Option(names = "--stats", description = "Print per-pattern match counts and timings on stderr at the end.")
    boolean stats;

    @Parameters(paramLabel = "FILE", description = "Files to read (default: stdin).")
    List<Path> files = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Duration budget = io.wharf.core.config.Durations.parse(timeout);
        Supplier<Processor> perInput;
        GrokStats grokStats;
        boolean dirac = choice.parser != null;
        if (dirac) {
            if (!choice.parser.toLowerCase(Locale.ROOT).equals("dirac")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown parser '" + choice.parser + "' (known: dirac)");
            }
            DiracParser parser = new DiracParser(budget);
            grokStats = stats ? parser.enableStats() : null;
            // As the agent runs it: the parser, then a correlator of its own for each input, so
            // responses get the method of their query ("per method" counts).
            perInput = () -> RequestMethodCorrelator.following(parser);
        } else {
            GrokConfig config = new GrokConfig(choice.patterns, definitions,
                    patternsDirs.stream().map(Path::toString).toList(), !noBreakOnMatch, !allCaptures, keepEmptyCaptures,
                    tagOnFailure, budget, null);
            GrokProcessor grok;
            try {
                grok = new GrokProcessor(config, stats);
            } catch (io.wharf.grok.GrokCompileException | java.io.UncheckedIOException e) {
                // A pattern author's mistake: one line that names the pattern and what is wrong, no stack trace.
                spec.commandLine().getErr().println("wharf parse: " + e.getMessage());
                return 2;
            }
            grokStats = grok.stats();
            perInput = () -> grok;
        }
        String rule = multiline == null ? (dirac ? "dirac" : "none") : multiline.toLowerCase(Locale.ROOT);
        Predicate<String> startsEvent = switch (rule) {
            case "dirac" -> DiracMultiline::startsEvent;
            case "none" -> null;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown multiline rule '" + multiline + "' (dirac, none)");
        };

        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        Counter counter = new Counter();
        long started = System.nanoTime();
        if (files.isEmpty()) {
            run(System.in, startsEvent, perInput.get(), out, counter);
        } else {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    run(in, startsEvent, perInput.get(), out, counter);
                }
            }
        }
        out.flush();
        if (stats) {
            printStats(grokStats, counter, System.nanoTime() - started);
        }
        return 0;
    }

    /** Each input is its own stream: a multiline event never spans two files. */
    private void run(InputStream in, Predicate<String> startsEvent, Processor processor, Writer out, Counter counter) throws IOException {
        MultilineAggregator aggregator = startsEvent == null ? MultilineAggregator.singleLine()
                : new MultilineAggregator(startsEvent, maxLines, maxBytes, Duration.ofSeconds(1));
        // Bytes that are not UTF-8 become U+FFFD: the line is kept, never refused.
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
        String line;
        while ((line = reader.readLine()) != null) {
            for (String event : aggregator.add(line)) {
                emit(event, processor, out, counter);
            }
        }
        for (String event : aggregator.flush()) {
            emit(event, processor, out, counter);
        }
    }

    private static void emit(String text, Processor processor, Writer out, Counter counter) throws IOException {
        LogEvent event = LogEvent.ofMessage(text);
        processor.process(event);
        counter.events++;
        if (!event.tags().isEmpty()) {
            counter.tagged++;
        }
        out.write(Json.toJson(event));
        out.write('\n');
    }

    private static void printStats(GrokStats stats, Counter counter, long nanos) {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        err.printf(Locale.ROOT, "events: %d, with a failure tag: %d, %.0f events/s%n", counter.events, counter.tagged,
                counter.events / Math.max(nanos / 1e9, 1e-9));
        if (stats == null) {
            return;
        }
        err.printf(Locale.ROOT, "no pattern matched: %d%n", stats.failedCount());
        err.printf(Locale.ROOT, "%-10s %-10s %-9s %-12s %s%n", "matched", "tried", "timeouts", "us/try", "pattern (slowest first)");
        for (GrokStats.PatternStats p : stats.slowest()) {
            err.printf(Locale.ROOT, "%-10d %-10d %-9d %-12.2f %s%n", p.matched(), p.tried(), p.timedOut(), p.microsPerTry(), p.pattern());
        }
    }

    private static final class Counter {
        long events;
        long tagged;
    }
}
