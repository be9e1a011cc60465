package io.wharf.grok;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
     * Puts every emitted capture into {@code root} at its dotted path, typed; a field captured by
     * several groups becomes an array of the values that took part. Empty captures are skipped
     * unless {@code keepEmpty}.
     */
    public void writeTo(Map<String, Object> root, boolean keepEmpty) {
        int n = grok.captureCount();
        for (int i = 0; i < n; i++) {
            Capture c = grok.capture(i);
            int b = region.getBeg(c.group());
            if (b < 0 && !keepEmpty) {
                continue;
            }
            int e = b < 0 ? b : region.getEnd(c.group());
            if (e == b && !keepEmpty) {
                continue;
            }
            if (c.repeated()) {
                if (isFirstOfRepeated(i, keepEmpty)) {
                    Object values = collectRepeated(c.field(), keepEmpty);
                    if (values != null) {
                        grok.path(i).put(root, values);
                    }
                }
                continue;
            }
            String text = b < 0 ? "" : new String(bytes, base + b, e - b, StandardCharsets.UTF_8);
            grok.path(i).put(root, c.type().convert(text));
        }
    }

    private boolean isFirstOfRepeated(int i, boolean keepEmpty) {
        String field = grok.capture(i).field();
        for (int k = 0; k < i; k++) {
            Capture c = grok.capture(k);
            if (c.field().equals(field) && emitted(c, keepEmpty)) {
                return false;
            }
        }
        return true;
    }

    private boolean emitted(Capture c, boolean keepEmpty) {
        int b = region.getBeg(c.group());
        return keepEmpty || (b >= 0 && region.getEnd(c.group()) > b);
    }

    /** One value when one group took part (alternatives), an array when several did. */
    private Object collectRepeated(String field, boolean keepEmpty) {
        List<Object> values = new ArrayList<>(2);
        for (int k = 0; k < grok.captureCount(); k++) {
            Capture c = grok.capture(k);
            if (!c.field().equals(field)) {
                continue;
            }
            int b = region.getBeg(c.group());
            int e = b < 0 ? b : region.getEnd(c.group());
            if ((b < 0 || e == b) && !keepEmpty) {
                continue;
            }
            values.add(c.type().convert(b < 0 ? "" : new String(bytes, base + b, e - b, StandardCharsets.UTF_8)));
        }
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : values;
    }
}
