package io.wharf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.wharf.agent.AgentConfig;
import io.wharf.autoscaler.config.AutoscalerConfig;
import io.wharf.shipper.ShipperConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The three kinds of configuration file the jar reads, and which one a file is: the kind whose
 * root keys include every root key of the file (the agent's first, then the shipper's, then the
 * autoscaler's); failing that, the kind that knows most of them, whose validation then names the
 * keys it does not know.
 */
enum ConfigKind {
    AGENT("agent", AgentConfig.class),
    SHIPPER("shipper", ShipperConfig.class),
    AUTOSCALER("autoscaler", AutoscalerConfig.class);

    final String label;
    final Class<? extends Record> type;
    private final Set<String> rootKeys;

    ConfigKind(String label, Class<? extends Record> type) {
        this.label = label;
        this.type = type;
        var snake = new PropertyNamingStrategies.SnakeCaseStrategy();
        this.rootKeys = Arrays.stream(type.getRecordComponents()).map(c -> snake.translate(c.getName())).collect(Collectors.toSet());
    }

    /** The kind of {@code file}; an agent configuration when it cannot be read (loading it then says why). */
    static ConfigKind of(Path file) {
        List<String> keys = new ArrayList<>();
        try {
            JsonNode root = new YAMLMapper().readTree(file.toFile());
            if (root != null && root.isObject()) {
                root.fieldNames().forEachRemaining(keys::add);
            }
        } catch (IOException | RuntimeException unreadable) {
            return AGENT;
        }
        ConfigKind best = AGENT;
        long bestKnown = -1;
        for (ConfigKind kind : values()) {
            long known = keys.stream().filter(kind.rootKeys::contains).count();
            if (known == keys.size()) {
                return kind;
            }
            if (known > bestKnown) {
                best = kind;
                bestKnown = known;
            }
        }
        return best;
    }
}
