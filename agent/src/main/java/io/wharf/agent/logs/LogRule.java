package io.wharf.agent.logs;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;

/**
 * {@code logs.rules[]}: settings for the containers a rule matches, so a host's configuration
 * never has to name containers one by one. Rules are tried in order and the first that matches
 * applies; labels on the container ({@code wharf.parser}, {@code wharf.exclude},
 * {@code wharf.multiline.*}) override any rule.
 */
public record LogRule(Match match, String parser, MultilineConfig multiline, Boolean exclude) implements Validated {
    public LogRule {
        match = match == null ? new Match(null, null, null) : match;
    }

    /**
     * All given globs must match ({@code *} any run of characters, {@code ?} one). {@code label} is
     * {@code key} (present) or {@code key=value-glob}. Container names are matched without Docker's leading slash.
     */
    public record Match(String image, String name, String label) {
        public boolean matches(String containerImage, String containerName, java.util.Map<String, String> labels) {
            if (image != null && !Glob.matches(image, containerImage)) {
                return false;
            }
            if (name != null && !Glob.matches(name, containerName)) {
                return false;
            }
            if (label != null) {
                int eq = label.indexOf('=');
                String key = eq < 0 ? label : label.substring(0, eq);
                String value = labels.get(key);
                if (value == null || (eq >= 0 && !Glob.matches(label.substring(eq + 1), value))) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void validate(Validation v) {
        v.check(match.image() != null || match.name() != null || match.label() != null, "match",
                "give at least one of image, name or label");
        v.nested("multiline", multiline);
    }
}
