package io.wharf.grok;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The value types a capture can be converted to: {@code %{INT:port:int}}. {@code int} and
 * {@code float} are Logstash's and convert as Ruby's {@code String#to_i} / {@code #to_f} do (the
 * leading number, 0 when there is none); {@code long}, {@code double} and {@code boolean} are the
 * names Elasticsearch's grok also accepts. Integers are 64-bit (an {@code int} that fits 32 bits is
 * held as an {@link Integer}, the same JSON number), floats are doubles.
 */
public enum FieldType {
    STRING, INT, LONG, FLOAT, DOUBLE, BOOLEAN;

    private static final Logger LOG = LoggerFactory.getLogger(FieldType.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** The type of {@code name}; null for a name no grok knows. */
    public static FieldType parse(String name) {
        if (name == null || name.isEmpty()) {
            return STRING;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * As Logstash does: an unknown type name is no error, the capture stays a string (and so does
     * it in Elasticsearch); said once per name in the log, not once per event.
     */
    static FieldType parseLenient(String name, String expression) {
        FieldType type = parse(name);
        if (type != null) {
            return type;
        }
        if (WARNED.add(name.toLowerCase(Locale.ROOT))) {
            LOG.warn("grok pattern '{}': unknown type '{}' (int, long, float, double, boolean, string): the capture is kept as a string",
                    expression, name);
        }
        return STRING;
    }

    /** The unknown type names warned about so far (each once per process). */
    static Set<String> warnedTypes() {
        return Set.copyOf(WARNED);
    }

    /** The typed value of {@code text}. */
    Object convert(String text) {
        return switch (this) {
            case STRING -> text;
            case INT -> narrow(rubyToI(text));
            case LONG -> rubyToI(text);
            case FLOAT, DOUBLE -> rubyToF(text);
            case BOOLEAN -> Boolean.valueOf(text.trim());
        };
    }

    /** An int when the value fits one (as a JSON number it is the same), else the 64-bit value. */
    private static Object narrow(Object value) {
        return value instanceof Long l && l == (int) (long) l ? Integer.valueOf((int) (long) l) : value;
    }

    /**
     * Ruby's {@code to_i}: leading white space, a sign, then digits (single underscores between
     * them allowed); stops at the first other character; 0 when there is no digit. A number beyond
     * 64 bits keeps its text rather than wrap around.
     */
    static Object rubyToI(String s) {
        int i = skipSpace(s, 0);
        int n = s.length();
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        boolean digits = false;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                int d = c - '0';
                // accumulate negatively so that Long.MIN_VALUE fits
                if (value < (Long.MIN_VALUE + d) / 10) {
                    return s;
                }
                value = value * 10 - d;
                digits = true;
                i++;
            } else if (c == '_' && digits && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return s;
            }
            value = -value;
        }
        return value;
    }

    /**
     * Ruby's {@code to_f}: the leading decimal number (sign, digits with single underscores
     * between them, fraction, exponent), 0.0 when there is none.
     */
    static double rubyToF(String s) {
        int n = s.length();
        int[] at = {skipSpace(s, 0)};
        StringBuilder num = new StringBuilder(n);
        if (at[0] < n && (s.charAt(at[0]) == '+' || s.charAt(at[0]) == '-')) {
            num.append(s.charAt(at[0]++));
        }
        boolean whole = digitRun(s, at, num);
        boolean fraction = false;
        if (at[0] + 1 < n && s.charAt(at[0]) == '.' && isDigit(s.charAt(at[0] + 1))) {
            num.append('.');
            at[0]++;
            fraction = digitRun(s, at, num);
        }
        if (!whole && !fraction) {
            return 0.0;
        }
        int e = at[0];
        if (e < n && (s.charAt(e) == 'e' || s.charAt(e) == 'E')) {
            StringBuilder exp = new StringBuilder("e");
            int[] ex = {e + 1};
            if (ex[0] < n && (s.charAt(ex[0]) == '+' || s.charAt(ex[0]) == '-')) {
                exp.append(s.charAt(ex[0]++));
            }
            if (digitRun(s, ex, exp)) {
                num.append(exp);
            }
        }
        return Double.parseDouble(num.toString());
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || (s.charAt(i) >= '\t' && s.charAt(i) <= '\r'))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Appends the digits at {@code at[0]} (underscores between digits dropped) and moves past them. */
    private static boolean digitRun(String s, int[] at, StringBuilder out) {
        int i = at[0];
        int n = s.length();
        boolean any = false;
        while (i < n) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                out.append(c);
                any = true;
            } else if (!(c == '_' && any && i + 1 < n && isDigit(s.charAt(i + 1)))) {
                break;
            }
            i++;
        }
        at[0] = i;
        return any;
    }
}
