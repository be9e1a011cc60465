package io.wharf.agent.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The id of the container the agent itself runs in, if any: from /proc/self/cgroup (v1) or mountinfo (v2). */
final class SelfContainer {
    private static final Pattern ID = Pattern.compile("(?:docker[-/]|/containers/)([0-9a-f]{64})");

    private SelfContainer() {
    }

    static Optional<String> id() {
        for (String file : new String[] {"/proc/self/cgroup", "/proc/self/mountinfo"}) {
            try {
                Optional<String> id = find(Files.readString(Path.of(file)));
                if (id.isPresent()) {
                    return id;
                }
            } catch (IOException | RuntimeException ignored) {
                // not on Linux, or not readable: not in a container as far as we can tell
            }
        }
        return Optional.empty();
    }

    static Optional<String> find(String text) {
        Matcher m = ID.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
