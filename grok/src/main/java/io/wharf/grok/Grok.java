package io.wharf.grok;

import java.util.List;
import java.util.Map;
import org.joni.Matcher;
import org.joni.Option;
import org.joni.Regex;
import org.joni.Region;

/**
 * A compiled grok expression. Matching works on UTF-8 bytes as read; captures stay offsets into
 * those bytes until something asks for their value, so a capture nobody emits costs no string.
 * Immutable and thread-safe.
 */
public final class Grok {
    private final String expression;
    private final String regexText;
    private final Regex regex;
    private final Capture[] captures;
    /** The field of each capture, split into its keys once. */
    private final FieldPath[] paths;
    /** For captures under {@code @metadata}: the path inside the event's metadata. */
    private final FieldPath[] metadataPaths;
    private final RequiredLiterals literals;

    Grok(String expression, String regexText, Regex regex, List<Capture> captures, RequiredLiterals literals) {
        this.expression = expression;
        this.regexText = regexText;
        this.regex = regex;
        this.captures = captures.toArray(new Capture[0]);
        this.paths = new FieldPath[this.captures.length];
        this.metadataPaths = new FieldPath[this.captures.length];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = FieldPath.of(this.captures[i].field());
            metadataPaths[i] = this.captures[i].metadata() ? paths[i].tail() : null;
        }
        this.literals = literals;
    }

    /** The expression as written ({@code %{IP:client.ip} ...}). */
    public String expression() {
        return expression;
    }

    /** The expanded Oniguruma regex that runs. */
    public String regex() {
        return regexText;
    }

    public List<Capture> captures() {
        return List.of(captures);
    }

    /** The index of the first capture emitted as {@code field}, or -1. */
    public int captureIndex(String field) {
        for (int i = 0; i < captures.length; i++) {
            if (captures[i].field().equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /** False when a literal every match needs is missing from the bytes: no need to run the regex. */
    public boolean mayMatch(byte[] bytes, int start, int end) {
        return literals.mayMatch(bytes, start, end);
    }

    public String requiredLiterals() {
        return literals.toString();
    }

    /** Searches {@code bytes[start, end)} without a time budget; null when nothing matches. */
    public GrokMatch match(byte[] bytes, int start, int end) {
        if (!literals.mayMatch(bytes, start, end)) {
            return null;
        }
        Matcher matcher = regex.matcher(bytes, start, end);
        int at = matcher.search(start, end, Option.NONE);
        return at < 0 ? null : new GrokMatch(this, bytes, matcher.getEagerRegion(), start);
    }

    /**
     * Searches under the calling thread's deadline ({@code deadlineNanos} on {@link System#nanoTime()}).
     *
     * @throws GrokTimeoutException when the deadline passes before the search ends
     */
    public GrokMatch match(byte[] bytes, int start, int end, long deadlineNanos) {
        if (!literals.mayMatch(bytes, start, end)) {
            return null;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new GrokTimeoutException(expression);
        }
        MatchWatchdog.Slot slot = MatchWatchdog.get().slot();
        Matcher matcher = regex.matcher(bytes, start, end);
        slot.deadline = deadlineNanos;
        slot.current = matcher;
        int at;
        try {
            at = matcher.searchInterruptible(start, end, Option.NONE);
        } catch (InterruptedException e) {
            if (System.nanoTime() - deadlineNanos < 0) {
                // A real thread interrupt (shutdown), not our watchdog: keep it visible to the caller.
                Thread.currentThread().interrupt();
            }
            throw new GrokTimeoutException(expression);
        } finally {
            slot.current = null;
        }
        return at < 0 ? null : new GrokMatch(this, bytes, matcher.getEagerRegion(), start);
    }

    Capture capture(int i) {
        return captures[i];
    }

    FieldPath path(int i) {
        return paths[i];
    }

    FieldPath metadataPath(int i) {
        return metadataPaths[i];
    }

    int captureCount() {
        return captures.length;
    }

    /** Convenience for tests and tools: the captured fields of a string, or null when it does not match. */
    public Map<String, Object> captures(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        GrokMatch m = match(bytes, 0, bytes.length);
        if (m == null) {
            return null;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        m.writeTo(out, false);
        return out;
    }

    @Override
    public String toString() {
        return expression;
    }

    static int groupBegin(Region region, int group) {
        return region.getBeg(group);
    }
}
