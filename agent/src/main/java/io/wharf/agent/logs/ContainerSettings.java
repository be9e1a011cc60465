package io.wharf.agent.logs;

import io.wharf.agent.docker.ContainerInfo;
import io.wharf.core.config.ByteSize;
import io.wharf.core.config.Durations;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one container's logs are handled, resolved from (in rising priority) the {@code logs:}
 * defaults, the first matching {@code logs.rules[]} entry, and the container's own labels:
 * {@code wharf.exclude=true}, {@code wharf.parser=dirac} (or a grok parser's name), {@code wharf.multiline.type},
 * {@code wharf.multiline.start}, {@code wharf.multiline.continue}, {@code wharf.multiline.max_lines},
 * {@code wharf.multiline.max_bytes}, {@code wharf.multiline.flush_after}. A label with a bad
 * value is ignored with a warning; the container is still collected.
 */
record ContainerSettings(String parser, MultilineConfig multiline, boolean exclude) {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerSettings.class);
    static final String LABEL_PREFIX = "wharf.";

    static ContainerSettings resolve(LogsConfig config, ContainerInfo c) {
        String parser = config.parser();
        MultilineConfig multiline = config.multiline();
        boolean exclude = false;
        for (LogRule rule : config.rules()) {
            if (rule.match().matches(c.image(), c.name(), c.labels())) {
                if (rule.parser() != null) {
                    parser = rule.parser();
                    multiline = defaultMultiline(parser);
                }
                if (rule.multiline() != null) {
                    multiline = rule.multiline();
                }
                exclude = Boolean.TRUE.equals(rule.exclude());
                break;
            }
        }
        Map<String, String> labels = c.labels();
        if (labels.containsKey("wharf.exclude")) {
            exclude = Boolean.parseBoolean(labels.get("wharf.exclude").trim());
        }
        String labelParser = labels.get("wharf.parser");
        if (labelParser != null) {
            Parsers parsers = config.parsers();
            if (parsers.isKnown(labelParser.trim())) {
                parser = labelParser.trim();
                multiline = defaultMultiline(parser);
            } else {
                LOG.warn("container {}: label wharf.parser={} names no parser (known: {}); using {}", c.name(), labelParser,
                        parsers.known(), parser);
            }
        }
        if (labels.keySet().stream().anyMatch(k -> k.startsWith("wharf.multiline."))) {
            try {
                MultilineConfig fromLabels = new MultilineConfig(
                        labels.get("wharf.multiline.type"),
                        labels.get("wharf.multiline.start"),
                        labels.get("wharf.multiline.continue"),
                        labels.containsKey("wharf.multiline.max_lines") ? Integer.valueOf(labels.get("wharf.multiline.max_lines").trim()) : null,
                        labels.containsKey("wharf.multiline.max_bytes") ? ByteSize.parse(labels.get("wharf.multiline.max_bytes")) : null,
                        labels.containsKey("wharf.multiline.flush_after") ? Durations.parse(labels.get("wharf.multiline.flush_after")) : null);
                String problem = LabelCheck.problem(fromLabels);
                if (problem == null) {
                    multiline = fromLabels;
                } else {
                    LOG.warn("container {}: wharf.multiline.* labels ignored: {}", c.name(), problem);
                }
            } catch (RuntimeException e) {
                LOG.warn("container {}: wharf.multiline.* labels ignored: {}", c.name(), e.getMessage());
            }
        }
        return new ContainerSettings(parser, multiline, exclude);
    }

    static MultilineConfig defaultMultiline(String parser) {
        return parser.equals("dirac") ? new MultilineConfig("dirac", null, null, null, null, null) : MultilineConfig.NONE;
    }

    /** Runs a config record's own validation on values that came from labels. */
    private static final class LabelCheck {
        static String problem(MultilineConfig m) {
            try {
                String text = "type: " + m.type();
                // Validation is only reachable through the loader; reproduce its checks here cheaply.
                if (!(m.type().equals("none") || m.type().equals("dirac") || m.type().equals("pattern"))) {
                    return "wharf.multiline.type must be none, dirac or pattern, not " + m.type();
                }
                if (m.type().equals("pattern") && (m.start() == null) == (m.continuation() == null)) {
                    return "type pattern needs exactly one of wharf.multiline.start or wharf.multiline.continue";
                }
                m.startsEvent().test(text);
                return m.maxLines() < 1 ? "wharf.multiline.max_lines must be at least 1" : null;
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        }
    }
}
