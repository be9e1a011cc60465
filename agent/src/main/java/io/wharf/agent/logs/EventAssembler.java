package io.wharf.agent.logs;

import io.wharf.core.multiline.MultilineAggregator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns decoded records of one file into events: merges partial records (Docker's 16 KiB
 * chunks, CRI's {@code P}), cuts lines at {@code maxLineChars}, then joins lines by the multiline
 * rule; each stream has its own state, so stdout and stderr never mix in one event.
 *
 * <p>It also says how far the file may be committed after each event: never past the start of
 * an event still being assembled in another stream, so that after a crash the agent re-reads
 * from a point where no event is cut in two. These "safe" offsets never decrease.
 */
final class EventAssembler {
    /**
     * One assembled event: where it starts in the file, and what it says; {@code original}: when
     * one of its records was not valid UTF-8, the bytes the message was decoded from (records
     * joined as in the message), else null.
     */
    record Assembled(String stream, String message, String time, long start, boolean truncated, boolean broken, byte[] original) {
        Assembled(String stream, String message, String time, long start, boolean truncated, boolean broken) {
            this(stream, message, time, start, truncated, broken, null);
        }
    }

    @FunctionalInterface
    interface Output {
        /** @param safeOffset the file may be committed up to here once this event and all before it are acknowledged */
        void emit(Assembled event, long safeOffset) throws InterruptedException;
    }

    private final MultilineConfig multiline;
    private final int maxLineChars;
    private final Output out;
    private final Map<String, StreamState> streams = new HashMap<>(4);

    EventAssembler(MultilineConfig multiline, long maxLineBytes, Output out) {
        this.multiline = multiline;
        this.maxLineChars = (int) Math.min(Integer.MAX_VALUE - 16, maxLineBytes);
        this.out = out;
    }

    private final class StreamState {
        final String stream;
        final StringBuilder partial = new StringBuilder();
        boolean partialActive;
        long partialStart;
        String partialTime;
        boolean partialTruncated;
        /** The bytes of the partial line so far, kept only once a chunk of it was not valid UTF-8. */
        ByteArrayOutputStream partialOriginal;
        final MultilineAggregator agg = multiline.newAggregator();
        final boolean single = multiline.isSingleLine();
        long aggStart;
        String aggTime;
        boolean aggTruncated;
        /** The bytes of the pending multiline event, kept only once one of its lines was not valid UTF-8. */
        ByteArrayOutputStream aggOriginal;

        StreamState(String stream) {
            this.stream = stream;
        }

        long pendingStart() {
            long min = Long.MAX_VALUE;
            if (partialActive) {
                min = partialStart;
            }
            if (!single && agg.hasPending()) {
                min = Math.min(min, aggStart);
            }
            return min;
        }
    }

    private StreamState state(String stream) {
        return streams.computeIfAbsent(stream == null ? "" : stream, k -> new StreamState(stream));
    }

    /** One decoded record that spans {@code [start, end)} of the file. */
    void record(LineFormat.Decoded d, long start, long end, boolean cut) throws InterruptedException {
        if (d.broken()) {
            out.emit(new Assembled(d.stream(), cap(d.text()), d.time(), start, cut || d.text().length() > maxLineChars, true,
                    d.invalidUtf8()), safe(end));
            return;
        }
        StreamState s = state(d.stream());
        if (d.partial()) {
            if (!s.partialActive) {
                s.partialActive = true;
                s.partialStart = start;
                s.partialTime = d.time();
                s.partialTruncated = false;
                s.partial.setLength(0);
                s.partialOriginal = null;
            }
            s.partialOriginal = keep(s.partialOriginal, s.partial, "", d);
            s.partialTruncated |= append(s.partial, d.text()) | cut;
            return;
        }
        String text;
        long lineStart;
        String time;
        boolean truncated;
        byte[] original;
        if (s.partialActive) {
            ByteArrayOutputStream kept = keep(s.partialOriginal, s.partial, "", d);
            original = kept == null ? null : kept.toByteArray();
            truncated = append(s.partial, d.text()) | s.partialTruncated | cut;
            text = s.partial.toString();
            lineStart = s.partialStart;
            time = s.partialTime;
            s.partialActive = false;
            s.partial.setLength(0);
            s.partialOriginal = null;
        } else {
            truncated = cut || d.text().length() > maxLineChars;
            text = cap(d.text());
            lineStart = start;
            time = d.time();
            original = d.invalidUtf8();
        }
        line(s, text, time, lineStart, end, truncated, original);
    }

    /**
     * The original bytes of an event being put together, once {@code d} or an earlier piece was
     * not valid UTF-8 ({@code kept} null while all was valid: then {@code sofar}, the text so far,
     * is its own UTF-8); {@code separator} goes between pieces.
     */
    private static ByteArrayOutputStream keep(ByteArrayOutputStream kept, CharSequence sofar, String separator, LineFormat.Decoded d) {
        return keep(kept, sofar, separator, d.text(), d.invalidUtf8());
    }

    private static ByteArrayOutputStream keep(ByteArrayOutputStream kept, CharSequence sofar, String separator, String text,
                                              byte[] invalid) {
        if (kept == null && invalid == null) {
            return null;
        }
        if (kept == null) {
            kept = new ByteArrayOutputStream();
            kept.writeBytes(sofar.toString().getBytes(StandardCharsets.UTF_8));
        }
        kept.writeBytes(separator.getBytes(StandardCharsets.UTF_8));
        kept.writeBytes(invalid != null ? invalid : text.getBytes(StandardCharsets.UTF_8));
        return kept;
    }

    private void line(StreamState s, String text, String time, long start, long end, boolean truncated, byte[] original)
            throws InterruptedException {
        if (s.single) {
            out.emit(new Assembled(s.stream, text, time, start, truncated, false, original), safe(end));
            return;
        }
        boolean hadPending = s.agg.hasPending();
        String pendingBefore = hadPending && original != null && s.aggOriginal == null ? s.agg.pendingText() : "";
        List<String> done = s.agg.add(text);
        if (!done.isEmpty()) {
            Assembled event = new Assembled(s.stream, done.get(0), s.aggTime, s.aggStart, s.aggTruncated, false, bytes(s.aggOriginal));
            s.aggStart = start;
            s.aggTime = time;
            s.aggTruncated = truncated;
            s.aggOriginal = keep(null, "", "", text, original);
            out.emit(event, safe(end));
        } else if (!hadPending) {
            s.aggStart = start;
            s.aggTime = time;
            s.aggTruncated = truncated;
            s.aggOriginal = keep(null, "", "", text, original);
        } else {
            s.aggTruncated |= truncated;
            s.aggOriginal = keep(s.aggOriginal, pendingBefore, "\n", text, original);
        }
    }

    private static byte[] bytes(ByteArrayOutputStream kept) {
        return kept == null ? null : kept.toByteArray();
    }

    /** Sends multiline events whose stream has been quiet for the rule's flush time. */
    void flushIdle(long nowNanos, long readOffset) throws InterruptedException {
        for (StreamState s : streams.values()) {
            if (!s.single && s.agg.idleExpired(nowNanos)) {
                flushAggregator(s, readOffset);
            }
        }
    }

    /** When the next multiline event falls due for {@link #flushIdle}, or {@link Long#MAX_VALUE} if none is pending. */
    long nextIdleFlushNanos() {
        long next = Long.MAX_VALUE;
        for (StreamState s : streams.values()) {
            if (!s.single) {
                next = Math.min(next, s.agg.idleDeadlineNanos());
            }
        }
        return next;
    }

    /** Sends everything held back: end of a rotated file, or of a stopped container's log. */
    void flushAll(long readOffset) throws InterruptedException {
        for (StreamState s : streams.values()) {
            if (s.partialActive) {
                String text = s.partial.toString();
                byte[] original = bytes(s.partialOriginal);
                s.partialActive = false;
                s.partial.setLength(0);
                s.partialOriginal = null;
                line(s, text, s.partialTime, s.partialStart, readOffset, s.partialTruncated, original);
            }
            if (!s.single) {
                flushAggregator(s, readOffset);
            }
        }
    }

    private void flushAggregator(StreamState s, long readOffset) throws InterruptedException {
        for (String message : s.agg.flush()) {
            byte[] original = bytes(s.aggOriginal);
            s.aggOriginal = null;
            out.emit(new Assembled(s.stream, message, s.aggTime, s.aggStart, s.aggTruncated, false, original), safe(readOffset));
        }
    }

    private long safe(long end) {
        long min = end;
        for (StreamState s : streams.values()) {
            min = Math.min(min, s.pendingStart());
        }
        return min;
    }

    /** Appends up to the line limit; true if something was cut. */
    private boolean append(StringBuilder sb, String text) {
        int room = maxLineChars - sb.length();
        if (text.length() <= room) {
            sb.append(text);
            return false;
        }
        if (room > 0) {
            sb.append(text, 0, room);
        }
        return true;
    }

    private String cap(String text) {
        return text.length() <= maxLineChars ? text : text.substring(0, maxLineChars);
    }
}
