package io.wharf.core.config;

import java.util.List;

/**
 * Collects what is wrong with a bound configuration, each problem under its key path
 * ({@code outputs.elasticsearch.hosts}); the loader adds file and line.
 */
public final class Validation {
    public record Problem(String key, String message) {
    }

    private final String prefix;
    private final List<Problem> problems;

    Validation(String prefix, List<Problem> problems) {
        this.prefix = prefix;
        this.problems = problems;
    }

    /** Records {@code problem} under {@code key} unless {@code ok}. */
    public void check(boolean ok, String key, String problem) {
        if (!ok) {
            problems.add(new Problem(path(key), problem));
        }
    }

    /** Validates a nested section under {@code key}; a null section (absent, optional) is skipped. */
    public void nested(String key, Validated section) {
        if (section != null) {
            section.validate(new Validation(path(key), problems));
        }
    }

    /** Validates each element of a list section, as {@code key[i]}. */
    public void each(String key, List<? extends Validated> sections) {
        if (sections == null) {
            return;
        }
        for (int i = 0; i < sections.size(); i++) {
            nested(key + "[" + i + "]", sections.get(i));
        }
    }

    private String path(String key) {
        if (key == null || key.isEmpty()) {
            return prefix;
        }
        if (prefix.isEmpty()) {
            return key;
        }
        return key.startsWith("[") ? prefix + key : prefix + "." + key;
    }
}
