package io.wharf.grok;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.joni.Region;

/** The captures of one successful match, as offsets into the matched bytes until read. */
public final class GrokMatch {
    private final Grok grok;
    private final byte[] bytes;
    private final Region region;
    /** Joni reports offsets from the start of the searched range; this turns them into array indexes. */
    private final int base;

    GrokMatch(Grok grok, byte[] bytes, Region region, int base) {
        this.grok = grok;
        this.bytes = bytes;
        this.region = region;
        this.base = base;
    }

    public Grok grok() {
        return grok;
    }

    /** Start of the whole match in the bytes. */
    public int start() {
        return base + region.getBeg(0);
    }

    public int end() {
        return base + region.getEnd(0);
    }

    /** Whether capture {@code i} took part in the match. */
    public boolean present(int i) {
        return region.getBeg(grok.capture(i).group()) >= 0;
    }

    /** Index in the bytes where capture {@code i} begins (only when {@link #present}). */
    public int begin(int i) {
        return base + region.getBeg(grok.capture(i).group());
    }

    public int end(int i) {
        return base + region.getEnd(grok.capture(i).group());
    }

    /** The text of capture {@code i}, or null when it did not take part. */
    public String value(int i) {
        int g = grok.capture(i).group();
        int b = region.getBeg(g);
        if (b < 0) {
            return null;
        }
        return new String(bytes, base + b, region.getEnd(g) - b, StandardCharsets.UTF_8);
    }

    /** The text captured for {@code field} (first capture of that name that took part), or null. */
    public String get(String field) {
        for (int i = 0; i < grok.captureCount(); i++) {
            if (grok.capture(i).field().equals(field) && present(i)) {
                return value(i);
            }
        }
        return null;
    }

    /**
     * Adds every emitted capture to {@code root}, typed, with Logstash's rule: a field that already
     * has a value (the {@code message} a pattern re-captures, a field two captures share) becomes
     * an array of the old and the new value. Empty captures and groups that took no part are
     * skipped unless {@code keepEmpty} (then a group that took no part gives null, as in Logstash).
     */
    public void writeTo(Map<String, Object> root, boolean keepEmpty) {
        writeTo(root, null, keepEmpty, Set.of());
    }

    /**
     * As {@link #writeTo(Map, boolean)}, but fields listed in {@code overwrite} are replaced instead
     * of appended to, and captures under {@code [@metadata]} go to {@code metadata} (without that
     * prefix) when it is given: later steps read them, documents never carry them.
     */
    public void writeTo(Map<String, Object> root, Map<String, Object> metadata, boolean keepEmpty, Set<String> overwrite) {
        int n = grok.captureCount();
        for (int i = 0; i < n; i++) {
            Capture c = grok.capture(i);
            int b = region.getBeg(c.group());
            Object value;
            if (b < 0) {
                if (!keepEmpty) {
                    continue;
                }
                value = null;
            } else {
                int e = region.getEnd(c.group());
                if (e == b && !keepEmpty) {
                    continue;
                }
                value = c.type().convert(new String(bytes, base + b, e - b, StandardCharsets.UTF_8));
            }
            FieldPath path = grok.path(i);
            Map<String, Object> target = root;
            if (metadata != null && c.metadata()) {
                path = grok.metadataPath(i);
                target = metadata;
            }
            if (overwrite.contains(c.field())) {
                path.put(target, value);
            } else {
                path.append(target, value);
            }
        }
    }
}
