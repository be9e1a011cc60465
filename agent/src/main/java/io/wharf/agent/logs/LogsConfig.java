package io.wharf.agent.logs;

import io.wharf.core.config.ByteSize;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.grok.GrokConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code logs:}: log collection.
 *
 * @param enabled       collect container logs at all
 * @param parser        the default parser of container logs: {@code none}, {@code dirac} or the name of a grok parser
 * @param multiline     the default multiline rule of container logs (default: DIRAC's rule when the parser is dirac, else none)
 * @param maxLineBytes  a line longer than this (after merging Docker's 16 KiB partial entries) is cut and tagged {@code truncated}
 * @param containersDir where Docker keeps container folders (json-file logs), as seen by the agent
 * @param rules         per-container settings by image, name or label glob
 * @param files         plain files by glob
 * @param cri           CRI-format files by glob
 * @param registryFlush how often read positions are saved while they move
 * @param grok          grok parsers by name ({@code logs.grok.<name>: {patterns: [...], ...}}), usable
 *                      wherever a parser is named: {@code parser}, rules, files, cri, {@code wharf.parser}
 */
public record LogsConfig(Boolean enabled, String parser, MultilineConfig multiline, ByteSize maxLineBytes,
                         String containersDir, List<LogRule> rules, List<FileInputConfig> files, CriConfig cri,
                         Duration registryFlush, Map<String, GrokConfig> grok) implements Validated {
    public LogsConfig {
        enabled = enabled == null || enabled;
        parser = parser == null ? "dirac" : parser;
        multiline = multiline == null ? (parser.equals("dirac") ? new MultilineConfig("dirac", null, null, null, null, null)
                : MultilineConfig.NONE) : multiline;
        maxLineBytes = maxLineBytes == null ? ByteSize.ofMiB(1) : maxLineBytes;
        containersDir = containersDir == null ? "/var/lib/docker/containers" : containersDir;
        rules = rules == null ? List.of() : List.copyOf(rules);
        files = files == null ? List.of() : List.copyOf(files);
        cri = cri == null ? new CriConfig(null, null, null) : cri;
        registryFlush = registryFlush == null ? Duration.ofSeconds(1) : registryFlush;
        grok = grok == null ? Map.of() : Map.copyOf(grok);
    }

    /** Defaults for everything; the parser named. */
    public LogsConfig(Boolean enabled, String parser) {
        this(enabled, parser, null, null, null, null, null, null, null, null);
    }

    /** The parsers this configuration can name: the built-in ones and its grok parsers. */
    public Parsers parsers() {
        return parsers(null);
    }

    /** ... counting what they do into {@code metrics} (null: nowhere). */
    public Parsers parsers(SelfMetrics metrics) {
        return new Parsers(grok, metrics);
    }

    @Override
    public void validate(Validation v) {
        for (var named : new TreeMap<>(grok).entrySet()) {
            v.check(!Parsers.BUILT_IN.contains(named.getKey()), "grok." + named.getKey(),
                    "'" + named.getKey() + "' is a built-in parser; give the grok parser another name");
            v.nested("grok." + named.getKey(), named.getValue());
        }
        // Parser names are checked here, where the grok parsers are known, for every place that names one.
        Parsers parsers = parsers();
        checkParser(v, parsers, "parser", parser);
        for (int i = 0; i < rules.size(); i++) {
            checkParser(v, parsers, "rules[" + i + "].parser", rules.get(i).parser());
        }
        for (int i = 0; i < files.size(); i++) {
            checkParser(v, parsers, "files[" + i + "].parser", files.get(i).parser());
        }
        checkParser(v, parsers, "cri.parser", cri.parser());
        v.nested("multiline", multiline);
        v.check(maxLineBytes.bytes() >= 16 * 1024, "max_line_bytes", "must be at least 16KiB (Docker's partial entry size)");
        v.each("rules", rules);
        v.each("files", files);
        v.nested("cri", cri);
        v.check(!registryFlush.isNegative() && !registryFlush.isZero(), "registry_flush", "must be positive");
    }

    private static void checkParser(Validation v, Parsers parsers, String key, String name) {
        v.check(name == null || parsers.isKnown(name), key, "unknown parser '" + name + "' (known: " + parsers.known() + ")");
    }
}
