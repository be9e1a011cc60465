package io.wharf.agent.logs;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.util.List;

/** {@code logs.files[]}: plain log files of services that are not in containers, by glob ({@code /var/log/dirac/*.log}). */
public record FileInputConfig(List<String> paths, String parser, MultilineConfig multiline) implements Validated {
    public FileInputConfig {
        paths = paths == null ? List.of() : List.copyOf(paths);
        parser = parser == null ? "none" : parser;
        multiline = multiline == null ? MultilineConfig.NONE : multiline;
    }

    @Override
    public void validate(Validation v) {
        v.check(!paths.isEmpty(), "paths", "give at least one path or glob");
        v.check(paths.stream().allMatch(p -> p.startsWith("/")), "paths", "paths must be absolute");
        v.nested("multiline", multiline);
    }
}
