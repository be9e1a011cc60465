package io.wharf.agent.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code registry.json} and checks every entry before the agent trusts it, saying (WARN)
 * what is done with each bad one; nothing is dropped or re-sent silently:
 * <ul>
 * <li>a file that is not a registry at all (not JSON, {@code {}}, another shape or version) is
 *     moved aside to {@code registry.json.corrupt-<time>}, and the agent starts without positions;
 * <li>an entry without a source, or whose source is not a file identity, is ignored: its file is
 *     read as a new one;
 * <li>an entry without a usable offset, or with a negative one, is read from the start;
 * <li>an offset beyond the size of the file that still has that identity: the file was truncated
 *     in place since, so it is read from the start;
 * <li>a source listed twice keeps its larger offset.
 * </ul>
 */
final class RegistryFile {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryFile.class);
    /** {@link FileIdentity#id()}: device and inode in base 36, CRC32C of the head in hex and its length in base 36. */
    private static final Pattern IDENTITY = Pattern.compile("-?[0-9a-z]+--?[0-9a-z]+-[0-9a-f]{8}[0-9a-z]+");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What a registry file held, once checked. */
    record Contents(Instant savedAt, Map<String, Registry.Entry> entries) {
        static final Contents EMPTY = new Contents(null, Map.of());
    }

    private RegistryFile() {
    }

    static Contents load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Contents.EMPTY;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            return setAside(file, "not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return setAside(file, "not a JSON object");
        }
        if (root.path("version").asInt(-1) != 1 || !root.path("entries").isArray()) {
            return setAside(file, "not a registry of version 1 with an \"entries\" list (got " + abbreviate(root.toString()) + ")");
        }
        Instant savedAt = null;
        if (root.hasNonNull("savedAt")) {
            String text = root.get("savedAt").asText();
            try {
                savedAt = Instant.parse(text);
            } catch (RuntimeException e) {
                LOG.warn("registry {}: saved time '{}' is not a time; the previous run's end is unknown", file, text);
            }
        }
        Map<String, Registry.Entry> entries = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode node : root.get("entries")) {
            Registry.Entry e = entry(file, i++, node);
            if (e != null) {
                Registry.Entry before = entries.get(e.source());
                if (before != null) {
                    LOG.warn("registry {}: source {} is listed twice (offsets {} and {}); keeping the larger", file, e.source(),
                            before.offset(), e.offset());
                    e = before.offset() >= e.offset() ? before : e;
                }
                entries.put(e.source(), e);
            }
        }
        return new Contents(savedAt, entries);
    }

    /** The entry, corrected where it can be; null if it must be ignored. Says what it does either way. */
    private static Registry.Entry entry(Path file, int index, JsonNode node) {
        String where = "registry " + file + ": entry #" + index + " " + abbreviate(String.valueOf(node));
        if (!node.isObject() || !node.path("source").isTextual() || node.get("source").asText().isBlank()) {
            LOG.warn("{} has no source; ignored (its file, if any, is read as a new one)", where);
            return null;
        }
        String source = node.get("source").asText();
        if (!IDENTITY.matcher(source).matches()) {
            LOG.warn("{}: '{}' is not a file identity; ignored (its file, if any, is read as a new one)", where, source);
            return null;
        }
        String path = node.path("path").isTextual() ? node.get("path").asText() : null;
        long updated = node.path("updatedMillis").asLong(0);
        JsonNode offsetNode = node.path("offset");
        if (!offsetNode.canConvertToExactIntegral() || !offsetNode.canConvertToLong()) {
            LOG.warn("{}: offset is not a whole number; reading {} from the start", where, path == null ? source : path);
            return new Registry.Entry(source, path, 0, updated);
        }
        long offset = offsetNode.asLong();
        if (offset < 0) {
            LOG.warn("{}: negative offset {}; reading {} from the start", where, offset, path == null ? source : path);
            return new Registry.Entry(source, path, 0, updated);
        }
        if (path != null && offset > 0) {
            long size = sizeIfSameIdentity(Path.of(path), source);
            if (size >= 0 && offset > size) {
                LOG.warn("{}: offset {} is beyond the end of {} ({} bytes): the file was truncated or rewritten since; "
                        + "reading it from the start", where, offset, path, size);
                return new Registry.Entry(source, path, 0, updated);
            }
        }
        return new Registry.Entry(source, path, offset, updated);
    }

    /** The size of the file at {@code path} if it still is {@code source}; -1 if it is gone or another file now. */
    private static long sizeIfSameIdentity(Path path, String source) {
        FileIdentity now = FileIdentity.ofPath(path);
        if (now == null || !now.id().equals(source)) {
            return -1;
        }
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Keeps the unreadable file as {@code registry.json.corrupt-<time>} and starts without positions, saying so. */
    private static Contents setAside(Path file, String why) throws IOException {
        Path kept = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(Instant.now()));
        Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
        LOG.warn("registry {} is unreadable ({}); kept as {}; starting without read positions: every log is read again "
                + "from its start (Elasticsearch keeps one copy of each event through its _id; other outputs may receive "
                + "duplicates)", file, why, kept);
        return Contents.EMPTY;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
