package io.wharf.parser.dirac;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.wharf.core.event.LogEvent;
import io.wharf.core.json.Json;
import io.wharf.core.pipeline.Processor;
import io.wharf.grok.Grok;
import io.wharf.grok.FieldPath;
import io.wharf.grok.GrokCompiler;
import io.wharf.grok.GrokConfig;
import io.wharf.grok.GrokMatch;
import io.wharf.grok.GrokStats;
import io.wharf.grok.GrokTimeoutException;
import io.wharf.grok.PatternLibrary;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses a DIRAC event (a line, plus the continuation lines the multiline rule joined to it) into
 * ECS and {@code dirac.*} fields: the line prefix of any DIRAC version, then what the message says
 * (DISET and Tornado requests and responses, agent cycles), then the traceback or call stack as
 * {@code error.stack_trace}. JSON log lines (DIRAC's JSON formatter) are read as JSON. A line it
 * does not recognise keeps its text and is tagged {@code _grokparsefailure}
 * ({@code _jsonparsefailure} for broken JSON).
 */
public final class DiracParser implements Processor {
    public static final String DATASET = "dirac";
    public static final String JSON_FAILURE_TAG = "_jsonparsefailure";

    // Field names split once: the hot path writes without building substrings.
    private static final FieldPath TIMESTAMP = FieldPath.of(LogEvent.TIMESTAMP);
    private static final FieldPath LEVEL = FieldPath.of("log.level");
    private static final FieldPath COMPONENT = FieldPath.of("dirac.component");
    private static final FieldPath SUBLOGGER = FieldPath.of("dirac.sublogger");
    private static final FieldPath THREAD = FieldPath.of("dirac.thread");
    private static final FieldPath STACK_TRACE = FieldPath.of("error.stack_trace");
    private static final FieldPath REQUEST_KIND = FieldPath.of("dirac.request.kind");
    private static final FieldPath REQUEST_TYPE = FieldPath.of("dirac.request.type");
    private static final FieldPath SECONDS = FieldPath.of("dirac.request.seconds");
    private static final FieldPath MILLISECONDS = FieldPath.of("dirac.request.milliseconds");
    private static final FieldPath DURATION = FieldPath.of("event.duration");
    private static final FieldPath HOST = FieldPath.of("dirac.host");
    private static final FieldPath CYCLE_OK = FieldPath.of("dirac.agent.cycle_ok");

    private final Grok line;
    private final int timestampCapture;
    private final int loggerCapture;
    private final int frameCapture;
    private final int threadCapture;
    private final int levelCapture;
    private final Grok[] kinds;
    private final long budgetNanos;
    private GrokStats stats;

    public DiracParser() {
        this(GrokConfig.DEFAULT_TIMEOUT);
    }

    public DiracParser(Duration timeout) {
        GrokCompiler compiler = new GrokCompiler(PatternLibrary.builtin());
        line = compiler.compile("^%{DIRAC_PREFIX}");
        timestampCapture = line.captureIndex("dirac.timestamp");
        loggerCapture = line.captureIndex("dirac.logger");
        frameCapture = line.captureIndex("dirac.frame");
        threadCapture = line.captureIndex("dirac.thread");
        levelCapture = line.captureIndex("log.level");
        RequestKind[] all = RequestKind.values();
        kinds = new Grok[all.length];
        for (int i = 0; i < all.length; i++) {
            kinds[i] = compiler.compile("%{" + all[i].pattern + "}");
        }
        budgetNanos = timeout == null || timeout.isZero() ? 0 : timeout.toNanos();
    }

    public static DiracParser create() {
        return new DiracParser();
    }

    /**
     * Counts, from now on, what each pattern matched and the time it took ({@code wharf parse --stats}):
     * entry 0 is the line prefix, then one per message kind.
     */
    public synchronized GrokStats enableStats() {
        if (stats == null) {
            List<String> names = new ArrayList<>();
            names.add("DIRAC_PREFIX");
            for (RequestKind kind : RequestKind.values()) {
                names.add(kind.pattern);
            }
            stats = new GrokStats(names);
        }
        return stats;
    }

    @Override
    public void process(LogEvent event) {
        String text = event.message();
        if (text == null) {
            return;
        }
        try {
            if (!text.isEmpty() && text.charAt(0) == '{') {
                parseJson(event, text);
            } else {
                parseText(event, text);
            }
        } catch (GrokTimeoutException e) {
            event.put(LogEvent.MESSAGE, text);
            event.addTag(GrokConfig.TIMEOUT_TAG);
        } catch (RuntimeException e) {
            // Invariant: bad input never stops the pipeline. Keep the raw text, say it did not parse.
            event.put(LogEvent.MESSAGE, text);
            event.addTag(GrokConfig.DEFAULT_FAILURE_TAG);
        }
    }

    private void parseText(LogEvent event, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int firstEnd = indexOf(bytes, 0, bytes.length, (byte) '\n');
        int lineEnd = firstEnd < 0 ? bytes.length : firstEnd;
        long deadline = budgetNanos == 0 ? 0 : System.nanoTime() + budgetNanos;
        Map<String, Object> fields = event.fields();
        int prefixEnd = readPrefix(fields, bytes, 0, lineEnd, deadline, text);
        if (prefixEnd < 0) {
            String first = firstEnd < 0 ? text : text.substring(0, text.indexOf('\n'));
            if (DiracMultiline.isDashes(first)) {
                event.dataset(DATASET);
            } else {
                event.addTag(GrokConfig.DEFAULT_FAILURE_TAG);
                if (stats != null) {
                    stats.failed();
                }
            }
            return;
        }
        event.dataset(DATASET);
        // The message is the rest of the line: taken as it is, not scanned by a regex.
        int msgStart = messageStart(bytes, prefixEnd, lineEnd);
        String message = new String(bytes, msgStart, lineEnd - msgStart, StandardCharsets.UTF_8);
        parseMessage(event, bytes, msgStart, lineEnd, deadline);
        if (firstEnd >= 0) {
            STACK_TRACE.put(fields, continuation(bytes, firstEnd + 1, deadline));
        }
        // Last, through the event: it recomputes its size estimate after the direct writes above.
        event.put(LogEvent.MESSAGE, message);
    }

    /**
     * Reads the line prefix and writes its fields; returns where the level's colon ends, or -1
     * when the line has no DIRAC prefix. The common shapes are read from the bytes directly
     * ({@link DiracPrefix}); anything else goes through the {@code DIRAC_PREFIX} regex.
     */
    private int readPrefix(Map<String, Object> fields, byte[] bytes, int start, int end, long deadline, String text) {
        long began = stats == null ? 0 : System.nanoTime();
        DiracPrefix.Spans spans = DiracPrefix.read(bytes, start, end);
        if (spans != null) {
            if (stats != null) {
                stats.tried(0, true, System.nanoTime() - began);
            }
            TIMESTAMP.put(fields, DiracPrefix.toIso(bytes, start, spans.timestampEnd));
            LEVEL.put(fields, spans.level);
            putLogger(fields, bytes, spans.loggerStart, spans.loggerEnd);
            if (spans.threadStart >= 0) {
                THREAD.put(fields, new String(bytes, spans.threadStart, spans.threadEnd - spans.threadStart, StandardCharsets.UTF_8));
            } else if (spans.frameStart >= 0) {
                THREAD.put(fields, new String(bytes, spans.frameStart, spans.frameEnd - spans.frameStart, StandardCharsets.UTF_8));
            }
            return spans.end;
        }
        // The cheap check first: lines that do not start with a DIRAC timestamp never run a regex.
        GrokMatch m = DiracTimestamp.prefixLength(text) < 0 ? null : match(0, line, bytes, start, end, deadline);
        if (m == null) {
            return -1;
        }
        String iso = DiracTimestamp.toIso(m.value(timestampCapture));
        if (iso != null) {
            TIMESTAMP.put(fields, iso);
        }
        LEVEL.put(fields, m.value(levelCapture));
        String logger = m.value(loggerCapture);
        byte[] loggerBytes = logger.getBytes(StandardCharsets.UTF_8);
        putLogger(fields, loggerBytes, 0, loggerBytes.length);
        String thread = m.present(threadCapture) ? m.value(threadCapture) : m.present(frameCapture) ? m.value(frameCapture) : null;
        if (thread != null) {
            THREAD.put(fields, thread);
        }
        return m.end();
    }

    /** The continuation lines, without the line prefix that old versions repeat on each of them. */
    private String continuation(byte[] bytes, int from, long deadline) {
        StringBuilder out = new StringBuilder(bytes.length - from);
        int start = from;
        while (start <= bytes.length) {
            int nl = indexOf(bytes, start, bytes.length, (byte) '\n');
            int end = nl < 0 ? bytes.length : nl;
            int textStart = start;
            if (end - start > 20 && bytes[start] >= '0' && bytes[start] <= '9') {
                DiracPrefix.Spans spans = DiracPrefix.read(bytes, start, end);
                if (spans != null) {
                    textStart = messageStart(bytes, spans.end, end);
                } else {
                    GrokMatch prefixed = match(-1, line, bytes, start, end, deadline);
                    if (prefixed != null) {
                        textStart = messageStart(bytes, prefixed.end(), end);
                    }
                }
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(new String(bytes, textStart, end - textStart, StandardCharsets.UTF_8));
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return out.toString();
    }

    /** After {@code LEVEL:} comes one space, then the message. */
    private static int messageStart(byte[] bytes, int afterColon, int lineEnd) {
        return afterColon < lineEnd && bytes[afterColon] == ' ' ? afterColon + 1 : afterColon;
    }

    /** {@code System/Component} is the component; what follows the second {@code /} is the sub-logger. */
    private static void putLogger(Map<String, Object> fields, byte[] b, int start, int end) {
        int first = indexOf(b, start, end, (byte) '/');
        int second = first < 0 ? -1 : indexOf(b, first + 1, end, (byte) '/');
        if (second < 0) {
            COMPONENT.put(fields, new String(b, start, end - start, StandardCharsets.UTF_8));
        } else {
            COMPONENT.put(fields, new String(b, start, second - start, StandardCharsets.UTF_8));
            SUBLOGGER.put(fields, new String(b, second + 1, end - second - 1, StandardCharsets.UTF_8));
        }
    }

    private static void putLogger(LogEvent event, String logger) {
        int first = logger.indexOf('/');
        int second = first < 0 ? -1 : logger.indexOf('/', first + 1);
        if (second < 0) {
            event.put("dirac.component", logger);
        } else {
            event.put("dirac.component", logger.substring(0, second));
            event.put("dirac.sublogger", logger.substring(second + 1));
        }
    }

    /** Recognises what the message says (request, response, agent cycle) and adds its fields. */
    private void parseMessage(LogEvent event, byte[] bytes, int start, int end, long deadline) {
        // Most lines of a busy service are DISET requests and responses: read those without a regex.
        long began = stats == null ? 0 : System.nanoTime();
        DisetRequest request = DisetRequest.read(bytes, start, end);
        if (request != null) {
            request.writeTo(event.fields(), bytes);
            normalise(event, request.kind());
            if (stats != null) {
                stats.tried(request.kind().ordinal() + 1, true, System.nanoTime() - began);
            }
            return;
        }
        RequestKind[] all = RequestKind.values();
        for (int i = 0; i < kinds.length; i++) {
            GrokMatch m = match(i + 1, kinds[i], bytes, start, end, deadline);
            if (m == null) {
                continue;
            }
            m.writeTo(event.fields(), false);
            normalise(event, all[i]);
            return;
        }
    }

    private static void normalise(LogEvent event, RequestKind kind) {
        Map<String, Object> fields = event.fields();
        if (kind.requestKind != null) {
            REQUEST_KIND.put(fields, kind.requestKind);
            if (kind.requestType != null) {
                REQUEST_TYPE.put(fields, kind.requestType);
            }
            if (kind == RequestKind.DISET_RESPONSE && SECONDS.remove(fields) instanceof Number s) {
                DURATION.put(fields, Math.round(s.doubleValue() * 1e9));
            }
            if (kind == RequestKind.TORNADO_RESPONSE && MILLISECONDS.remove(fields) instanceof Number ms) {
                DURATION.put(fields, Math.round(ms.doubleValue() * 1e6));
            }
            if (fields.get("user") instanceof Map<?, ?> user && "hosts".equals(user.get("group"))) {
                HOST.put(fields, user.get("name"));
                fields.remove("user");
            }
        }
        switch (kind) {
            case AGENT_OK -> CYCLE_OK.put(fields, true);
            case AGENT_ERROR -> CYCLE_OK.put(fields, false);
            default -> {
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void parseJson(LogEvent event, String text) {
        // One JSON object a line; lines the multiline rule joined after it are kept as a stack trace.
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        String rest = nl < 0 ? null : text.substring(nl + 1);
        Map<String, Object> json;
        try {
            json = Json.MAPPER.readValue(first, Map.class);
        } catch (JsonProcessingException e) {
            event.addTag(JSON_FAILURE_TAG);
            return;
        }
        if (!json.containsKey("levelname") && !json.containsKey("componentname")) {
            // JSON, but not DIRAC's: leave it as it is for whoever reads it next.
            event.addTag(GrokConfig.DEFAULT_FAILURE_TAG);
            return;
        }
        event.dataset(DATASET);
        String iso = DiracTimestamp.toIso(string(json.get("asctime")));
        if (iso != null) {
            event.put(LogEvent.TIMESTAMP, iso);
        }
        putIfPresent(event, "log.level", json.get("levelname"));
        String message = string(json.get("message"));
        String varmessage = string(json.get("varmessage"));
        if (varmessage != null && !varmessage.isEmpty()) {
            message = message == null || message.isEmpty() ? varmessage : message + " " + varmessage;
        }
        event.put(LogEvent.MESSAGE, message == null ? "" : message);
        String component = string(json.get("componentname"));
        if (component != null) {
            putLogger(event, component);
        }
        String custom = string(json.get("customname"));
        if (custom != null && !custom.isEmpty()) {
            String sub = custom.startsWith("/") ? custom.substring(1) : custom;
            Object existing = event.get("dirac.sublogger");
            event.put("dirac.sublogger", existing == null ? sub : existing + "/" + sub);
        }
        putIfPresent(event, "dirac.tornado_component", json.get("tornadoComponent"));
        putIfPresent(event, "dirac.local_name", json.get("local_name"));
        putIfPresent(event, "dirac.hostname", json.get("hostname"));
        Object exc = json.get("exc_info");
        String stack = exc == null || string(exc).isEmpty() ? null : string(exc);
        if (rest != null) {
            stack = stack == null ? rest : stack + "\n" + rest;
        }
        if (stack != null) {
            event.put("error.stack_trace", stack);
        }
        if (message != null) {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            parseMessage(event, bytes, 0, bytes.length, budgetNanos == 0 ? 0 : System.nanoTime() + budgetNanos);
        }
    }

    private static void putIfPresent(LogEvent event, String path, Object value) {
        if (value != null && !(value instanceof String s && s.isEmpty())) {
            event.put(path, value);
        }
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    /** Runs one pattern; {@code statsIndex} is where it counts in the stats (-1: not counted). */
    private GrokMatch match(int statsIndex, Grok grok, byte[] bytes, int start, int end, long deadline) {
        GrokStats counting = statsIndex < 0 ? null : stats;
        long began = counting == null ? 0 : System.nanoTime();
        try {
            GrokMatch m = budgetNanos == 0 ? grok.match(bytes, start, end) : grok.match(bytes, start, end, deadline);
            if (counting != null) {
                counting.tried(statsIndex, m != null, System.nanoTime() - began);
            }
            return m;
        } catch (GrokTimeoutException e) {
            if (counting != null) {
                counting.timedOut(statsIndex, System.nanoTime() - began);
            }
            throw e;
        }
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
