package io.wharf.agent.logs;

import io.wharf.core.config.ByteSize;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.time.Duration;
import java.util.List;

/**
 * {@code logs:}: log collection.
 *
 * @param enabled       collect container logs at all
 * @param parser        the default parser of container logs ({@code none}, {@code dirac}, {@code grok})
 * @param multiline     the default multiline rule of container logs (default: DIRAC's rule when the parser is dirac, else none)
 * @param maxLineBytes  a line longer than this (after merging Docker's 16 KiB partial entries) is cut and tagged {@code truncated}
 * @param containersDir where Docker keeps container folders (json-file logs), as seen by the agent
 * @param rules         per-container settings by image, name or label glob
 * @param files         plain files by glob
 * @param cri           CRI-format files by glob
 * @param registryFlush how often read positions are saved while they move
 */
public record LogsConfig(Boolean enabled, String parser, MultilineConfig multiline, ByteSize maxLineBytes,
                         String containersDir, List<LogRule> rules, List<FileInputConfig> files, CriConfig cri,
                         Duration registryFlush) implements Validated {
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
    }

    /** Defaults for everything; the parser named. */
    public LogsConfig(Boolean enabled, String parser) {
        this(enabled, parser, null, null, null, null, null, null, null);
    }

    @Override
    public void validate(Validation v) {
        v.check(Parsers.isKnown(parser), "parser", "unknown parser '" + parser + "' (known: " + Parsers.known() + ")");
        v.nested("multiline", multiline);
        v.check(maxLineBytes.bytes() >= 16 * 1024, "max_line_bytes", "must be at least 16KiB (Docker's partial entry size)");
        v.each("rules", rules);
        v.each("files", files);
        v.nested("cri", cri);
        v.check(!registryFlush.isNegative() && !registryFlush.isZero(), "registry_flush", "must be positive");
    }
}
