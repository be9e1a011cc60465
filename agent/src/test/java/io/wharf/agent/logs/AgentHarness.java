package io.wharf.agent.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.agent.Agent;
import io.wharf.agent.AgentConfig;
import io.wharf.agent.registry.FileIdentity;
import io.wharf.core.config.ConfigLoader;
import io.wharf.core.event.LogEvent;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real agent for integration tests: configured like a user would (YAML), collecting only the
 * containers of one test run (label {@code wharf.test=<run id>}) into a file output under a
 * temporary folder, with its registry in another.
 */
final class AgentHarness {
    final Path dir;
    final Path out;
    final Path data;
    final Path configFile;
    final String runId;

    AgentHarness(Path dir, String runId, String extraLogs) throws IOException {
        this(dir, runId, extraLogs, "");
    }

    /** @param extraTop top-level YAML sections to add (such as {@code docker:}) */
    AgentHarness(Path dir, String runId, String extraLogs, String extraTop) throws IOException {
        this(dir, runId, extraLogs, extraTop, false);
    }

    /** @param http serve the HTTP API on a free loopback port */
    AgentHarness(Path dir, String runId, String extraLogs, String extraTop, boolean http) throws IOException {
        this.dir = dir;
        this.out = dir.resolve("out");
        this.data = dir.resolve("data");
        this.runId = runId;
        this.configFile = dir.resolve("agent.yml");
        Files.writeString(configFile, """
                agent:
                  name: it-host
                  data_dir: %s
                logs:
                  parser: none
                %s
                  rules:
                    - match: {label: "wharf.test=%s"}
                    - match: {name: "*"}
                      exclude: true
                http:
                %s
                outputs:
                  file:
                    path: %s
                    batch: {max_events: 2000, flush_interval: 50ms}
                %s
                """.formatted(data, extraLogs.indent(2).stripTrailing(), runId,
                // The log tests need no API, and a fixed port may be taken by another suite.
                http ? "  host: 127.0.0.1\n  port: 0" : "  enabled: false", out, extraTop));
    }

    AgentConfig config() {
        return ConfigLoader.load(configFile, AgentConfig.class);
    }

    Agent start() throws Exception {
        return Agent.start(config());
    }

    private final List<JsonNode> seen = new ArrayList<>();
    private long readUpTo;

    /**
     * Every event written so far for this run's containers, in file order. Reads only what was
     * appended since the last call, so polling does not steal the agent's CPU.
     */
    synchronized List<JsonNode> events() {
        Path file = out.resolve("events.ndjson");
        if (!Files.exists(file)) {
            return List.copyOf(seen);
        }
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            if (size > readUpTo) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - readUpTo));
                while (buf.hasRemaining() && ch.read(buf, readUpTo + buf.position()) > 0) {
                    // read all
                }
                byte[] bytes = buf.array();
                int lineStart = 0;
                for (int i = 0; i < buf.position(); i++) {
                    if (bytes[i] != '\n') {
                        continue;
                    }
                    if (i > lineStart) {
                        JsonNode n = parse(new String(bytes, lineStart, i - lineStart, java.nio.charset.StandardCharsets.UTF_8));
                        if (runId.equals(n.path("container").path("labels").path("wharf_test").asText())) {
                            seen.add(n);
                        }
                    }
                    lineStart = i + 1;
                }
                readUpTo += lineStart;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(seen);
    }

    /**
     * One line of the output. An agent killed with -9 in the middle of a write leaves half a
     * document, and the next run appends after it: the whole document that follows is kept (the
     * half one was never acknowledged, so it is sent again).
     */
    private static JsonNode parse(String line) throws IOException {
        try {
            return Json.MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int last = line.lastIndexOf("{\"message\":");
            if (last <= 0) {
                return Json.MAPPER.createObjectNode();
            }
            return parse(line.substring(last));
        }
    }

    static List<JsonNode> of(List<JsonNode> events, String containerId) {
        return events.stream().filter(e -> containerId.equals(e.path("container").path("id").asText())).toList();
    }

    /** How many distinct files (identity: inode + head fingerprint; inodes are reused) the events came from. */
    static long files(List<JsonNode> events) {
        return events.stream().map(e -> e.path("log").path("file").path("inode").asText() + "/"
                + e.path("log").path("file").path("fingerprint").asText()).distinct().count();
    }

    /** The Elasticsearch {@code _id} the agent gives this document: file identity + offset. */
    static String eventId(JsonNode e) {
        JsonNode f = e.path("log").path("file");
        FileIdentity id = new FileIdentity(Long.parseLong(f.path("device_id").asText()), Long.parseLong(f.path("inode").asText()),
                f.path("fingerprint").asText(), 0);
        return LogEvent.idFor(id.id(), e.path("log").path("offset").asLong());
    }
}
