package io.wharf.agent.logs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.wharf.core.config.ByteSize;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.core.multiline.MultilineAggregator;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code multiline:}: how lines of one stream join into events.
 * <ul>
 *   <li>{@code type: none}: every line is an event (the default);</li>
 *   <li>{@code type: dirac}: DIRAC's rule (a line that starts with a DIRAC timestamp opens an event);</li>
 *   <li>{@code type: pattern}: a line matching {@code start} opens an event, or, with {@code continue},
 *       a line matching {@code continue} joins the previous one (Java regular expressions, found anywhere in the line
 *       unless anchored with ^).</li>
 * </ul>
 * An event is cut at {@code max_lines} or {@code max_bytes} (nothing is discarded) and a quiet
 * stream's last event is sent after {@code flush_after}.
 */
public record MultilineConfig(String type, String start, @com.fasterxml.jackson.annotation.JsonProperty("continue") String continuation,
                              Integer maxLines, ByteSize maxBytes, Duration flushAfter) implements Validated {
    public static final MultilineConfig NONE = new MultilineConfig("none", null, null, null, null, null);

    public MultilineConfig {
        type = type == null ? (start != null || continuation != null ? "pattern" : "none") : type;
        maxLines = maxLines == null ? 500 : maxLines;
        maxBytes = maxBytes == null ? ByteSize.ofMiB(1) : maxBytes;
        flushAfter = flushAfter == null ? Duration.ofSeconds(2) : flushAfter;
    }

    @Override
    public void validate(Validation v) {
        v.check(type.equals("none") || type.equals("dirac") || type.equals("pattern"), "type", "must be none, dirac or pattern");
        v.check(!type.equals("pattern") || (start == null) != (continuation == null), "start",
                "type pattern needs exactly one of start or continue");
        v.check(maxLines >= 1, "max_lines", "must be at least 1");
        v.check(maxBytes.bytes() >= 1024, "max_bytes", "must be at least 1KiB");
        v.check(compiles(start), "start", "is not a valid regular expression");
        v.check(compiles(continuation), "continue", "is not a valid regular expression");
    }

    private static boolean compiles(String regex) {
        if (regex == null) {
            return true;
        }
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    @JsonIgnore
    public boolean isSingleLine() {
        return type.equals("none") || maxLines == 1;
    }

    /** Which lines open a new event under this rule. */
    @JsonIgnore
    public Predicate<String> startsEvent() {
        return switch (type) {
            case "dirac" -> Parsers.diracStartsEvent();
            case "pattern" -> {
                if (start != null) {
                    Pattern p = Pattern.compile(start);
                    yield line -> p.matcher(line).find();
                }
                Pattern p = Pattern.compile(continuation);
                yield line -> !p.matcher(line).find();
            }
            default -> line -> true;
        };
    }

    /** A fresh aggregator for one stream. */
    public MultilineAggregator newAggregator() {
        if (isSingleLine()) {
            return MultilineAggregator.singleLine();
        }
        return new MultilineAggregator(startsEvent(), maxLines, maxBytes.bytes(), flushAfter);
    }
}
