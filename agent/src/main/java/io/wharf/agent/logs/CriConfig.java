package io.wharf.agent.logs;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.util.List;

/**
 * {@code logs.cri:}: CRI-format log files ({@code <time> <stream> <P|F> <text>}), written by
 * containerd and CRI-O for Kubernetes pods, by glob ({@code /var/log/pods/*&#47;*&#47;*.log}).
 */
public record CriConfig(List<String> paths, String parser, MultilineConfig multiline) implements Validated {
    public CriConfig {
        paths = paths == null ? List.of() : List.copyOf(paths);
        parser = parser == null ? "none" : parser;
        multiline = multiline == null ? MultilineConfig.NONE : multiline;
    }

    @Override
    public void validate(Validation v) {
        v.check(paths.stream().allMatch(p -> p.startsWith("/")), "paths", "paths must be absolute");
        v.nested("multiline", multiline);
    }
}
