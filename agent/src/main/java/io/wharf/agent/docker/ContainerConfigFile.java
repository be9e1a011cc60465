package io.wharf.agent.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's metadata read straight from Docker's own files in its folder
 * ({@code <containers_dir>/<id>/config.v2.json} and {@code hostconfig.json}), which Docker
 * writes when the container is created: what log collection needs (name, image, labels,
 * environment, command, log driver) before the events stream has even told of the container,
 * and after a {@code --rm} container is gone and inspect answers 404.
 */
public final class ContainerConfigFile {
    private ContainerConfigFile() {
    }

    /** The container of {@code folder}, or empty if its files are not (yet, or any more) readable. */
    public static Optional<ContainerInfo> read(Path folder) {
        try {
            JsonNode c = Json.MAPPER.readTree(folder.resolve("config.v2.json").toFile());
            String id = c.path("ID").asText(folder.getFileName().toString());
            String name = c.path("Name").asText(id).replaceFirst("^/", "");
            JsonNode config = c.path("Config");
            Map<String, String> labels = new LinkedHashMap<>();
            config.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            Map<String, String> env = new LinkedHashMap<>();
            for (JsonNode kv : config.path("Env")) {
                String s = kv.asText();
                int eq = s.indexOf('=');
                if (eq > 0) {
                    env.put(s.substring(0, eq), s.substring(eq + 1));
                }
            }
            List<String> command = new ArrayList<>();
            if (!c.path("Path").asText().isEmpty()) {
                command.add(c.path("Path").asText());
            }
            c.path("Args").forEach(a -> command.add(a.asText()));
            String image = config.path("Image").asText(c.path("Image").asText(null));
            JsonNode state = c.path("State");
            String driver = logDriver(folder);
            String logPath = c.path("LogPath").asText("");
            OrchestratorMetadata.Result meta = OrchestratorMetadata.of(name, labels, env, command);
            return Optional.of(new ContainerInfo(id, name, image, labels, env, command, state.path("Pid").asInt(0), driver,
                    logPath.isEmpty() ? null : Path.of(logPath), ContainerInspector.instant(state.path("StartedAt").asText(null)),
                    state.path("Running").asBoolean(false), meta.serviceName(), meta.fields()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String logDriver(Path folder) throws IOException {
        Path host = folder.resolve("hostconfig.json");
        if (!Files.exists(host)) {
            return null;
        }
        String type = Json.MAPPER.readTree(host.toFile()).path("LogConfig").path("Type").asText("");
        return type.isEmpty() ? null : type;
    }

    /** {@code --log-opt max-size} of the container of {@code folder} in bytes, or -1 if not set or unreadable. */
    public static long maxLogSize(Path folder) {
        try {
            String v = Json.MAPPER.readTree(folder.resolve("hostconfig.json").toFile())
                    .path("LogConfig").path("Config").path("max-size").asText("");
            return v.isEmpty() ? -1 : dockerSize(v);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * A json-file size option as Docker reads it (go-units {@code FromHumanSize}): decimal units,
     * {@code 10k} is 10 000 bytes, {@code 1m} 1 000 000 ({@code ki}, {@code kb} the same).
     */
    static long dockerSize(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?")
                .matcher(v.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2)) + 1;
        return (long) (Double.parseDouble(m.group(1)) * Math.pow(1000, power));
    }
}
