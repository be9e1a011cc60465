package io.wharf.agent.logs;

import io.wharf.core.pipeline.Processor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parsers by the name a configuration or a {@code wharf.parser} label gives them. {@code none}
 * keeps the line as {@code message}. {@code dirac} is the DIRAC parser of {@code parsers/dirac}
 * when that module provides it; until then it falls back to {@code none} (with a warning once)
 * and DIRAC's multiline rule falls back to "a line that starts with a date opens an event".
 */
public final class Parsers {
    private static final Logger LOG = LoggerFactory.getLogger(Parsers.class);
    private static final List<String> KNOWN = List.of("none", "dirac");
    private static final String DIRAC_PARSER = "io.wharf.parser.dirac.DiracParser";
    private static final String DIRAC_CORRELATOR = "io.wharf.parser.dirac.RequestMethodCorrelator";
    private static final String DIRAC_MULTILINE = "io.wharf.parser.dirac.DiracMultiline";
    private static final Pattern DATE_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}");
    private static final Processor NONE = event -> {
    };
    private static volatile boolean warned;

    private Parsers() {
    }

    public static boolean isKnown(String name) {
        return KNOWN.contains(name);
    }

    public static String known() {
        return String.join(", ", KNOWN);
    }

    /** A new parser instance (parsers may keep per-stream state, so each source gets its own). */
    public static Processor create(String name) {
        return switch (name) {
            case "dirac" -> dirac();
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unknown parser '" + name + "' (known: " + known() + ")");
        };
    }

    private static Processor dirac() {
        try {
            Processor parser = (Processor) Class.forName(DIRAC_PARSER).getConstructor().newInstance();
            return (Processor) Class.forName(DIRAC_CORRELATOR).getMethod("following", Processor.class).invoke(null, parser);
        } catch (ReflectiveOperationException | LinkageError e) {
            if (!warned) {
                warned = true;
                LOG.warn("parser dirac is not available in this build; lines are kept unparsed (parser none)");
            }
            return NONE;
        }
    }

    /** DIRAC's multiline rule: which lines open an event. */
    static Predicate<String> diracStartsEvent() {
        try {
            MethodHandle h = MethodHandles.publicLookup().findStatic(Class.forName(DIRAC_MULTILINE), "startsEvent",
                    MethodType.methodType(boolean.class, String.class));
            return line -> {
                try {
                    return (boolean) h.invokeExact(line);
                } catch (Throwable t) {
                    return true;
                }
            };
        } catch (ReflectiveOperationException | LinkageError e) {
            return line -> DATE_START.matcher(line).find();
        }
    }
}
