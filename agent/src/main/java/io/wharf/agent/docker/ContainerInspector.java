package io.wharf.agent.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns {@code docker inspect} into a {@link ContainerInfo}. */
final class ContainerInspector {
    private ContainerInspector() {
    }

    static ContainerInfo toInfo(InspectContainerResponse r) {
        var config = r.getConfig();
        String name = r.getName() == null ? r.getId() : r.getName().replaceFirst("^/", "");
        Map<String, String> labels = config != null && config.getLabels() != null ? config.getLabels() : Map.of();
        Map<String, String> env = new LinkedHashMap<>();
        if (config != null && config.getEnv() != null) {
            for (String kv : config.getEnv()) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        }
        List<String> command = new ArrayList<>();
        if (r.getPath() != null) {
            command.add(r.getPath());
        }
        if (r.getArgs() != null) {
            command.addAll(Arrays.asList(r.getArgs()));
        }
        var state = r.getState();
        int pid = state != null && state.getPidLong() != null ? state.getPidLong().intValue() : 0;
        boolean running = state != null && Boolean.TRUE.equals(state.getRunning());
        String driver = r.getHostConfig() != null && r.getHostConfig().getLogConfig() != null
                && r.getHostConfig().getLogConfig().getType() != null ? r.getHostConfig().getLogConfig().getType().getType() : null;
        Path logPath = r.getLogPath() == null || r.getLogPath().isEmpty() ? null : Path.of(r.getLogPath());
        String image = config != null && config.getImage() != null ? config.getImage() : r.getImageId();
        OrchestratorMetadata.Result meta = OrchestratorMetadata.of(name, labels, env, command);
        return new ContainerInfo(r.getId(), name, image, labels, env, command, pid, driver, logPath,
                instant(state == null ? null : state.getStartedAt()), running, meta.serviceName(), meta.fields());
    }

    /**
     * A container known only from an event ({@code start}, {@code die}, ...) whose inspect answers
     * 404 (a {@code --rm} container already removed): Docker puts its name, image and labels in
     * the event's Actor.Attributes, next to a few keys of its own.
     */
    static ContainerInfo fromEventAttributes(String id, Map<String, String> attributes) {
        Map<String, String> labels = new LinkedHashMap<>(attributes == null ? Map.of() : attributes);
        String name = labels.remove("name");
        String image = labels.remove("image");
        for (String notALabel : EVENT_KEYS) {
            labels.remove(notALabel);
        }
        name = name == null ? id : name;
        OrchestratorMetadata.Result meta = OrchestratorMetadata.of(name, labels, Map.of(), List.of());
        return new ContainerInfo(id, name, image, labels, Map.of(), List.of(), 0, null, null, null, false,
                meta.serviceName(), meta.fields());
    }

    /** Attributes Docker adds to container events besides the labels, name and image. */
    private static final List<String> EVENT_KEYS = List.of("exitCode", "execDuration", "signal", "container");

    static Instant finishedAt(InspectContainerResponse r) {
        return r.getState() == null ? null : instant(r.getState().getFinishedAt());
    }

    static Instant instant(String s) {
        if (s == null || s.isEmpty() || s.startsWith("0001-")) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
