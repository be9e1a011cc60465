package io.wharf.grok;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;
import org.jcodings.specific.UTF8Encoding;
import org.joni.Option;
import org.joni.Regex;
import org.joni.Syntax;
import org.joni.WarnCallback;
import org.joni.exception.JOniException;

/**
 * Turns a grok expression into one Oniguruma regex: {@code %{NAME}} is replaced by the library's
 * definition (recursively), {@code %{NAME:field[:type]}} and {@code (?<field>...)} become named
 * groups with generated names (field names such as {@code [a][b]} are not valid group names), and
 * {@code %{NAME}} without a field becomes a non-capturing group so no capture is built for it.
 */
public final class GrokCompiler {
    /**
     * Ruby's {@code Regexp::MULTILINE}, with which Logstash compiles every grok regex: {@code .}
     * also matches a line break, so a pattern runs across the lines of a multiline event.
     */
    static final int OPTIONS = Option.MULTILINE;

    private final PatternLibrary library;
    private final boolean namedCapturesOnly;

    public GrokCompiler(PatternLibrary library, boolean namedCapturesOnly) {
        this.library = library;
        this.namedCapturesOnly = namedCapturesOnly;
    }

    public GrokCompiler(PatternLibrary library) {
        this(library, true);
    }

    public Grok compile(String expression) {
        Expansion ex = new Expansion(expression);
        String regex = ex.expand(expression, new ArrayDeque<>());
        byte[] bytes = regex.getBytes(StandardCharsets.UTF_8);
        Regex compiled;
        try {
            compiled = new Regex(bytes, 0, bytes.length, OPTIONS, UTF8Encoding.INSTANCE, Syntax.DEFAULT, WarnCallback.NONE);
        } catch (JOniException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new GrokCompileException(expression, badRegex(expression, e));
        }
        Map<String, Integer> counts = new HashMap<>();
        for (PendingCapture p : ex.captures) {
            counts.merge(p.field, 1, Integer::sum);
        }
        List<Capture> captures = new ArrayList<>(ex.captures.size());
        for (PendingCapture p : ex.captures) {
            byte[] name = p.groupName.getBytes(StandardCharsets.US_ASCII);
            int group = compiled.nameToBackrefNumber(name, 0, name.length, null);
            captures.add(new Capture(group, p.field, p.type, counts.get(p.field) > 1));
        }
        return new Grok(expression, regex, compiled, captures, RequiredLiterals.of(regex));
    }

    /** Which part is at fault: the user's own text, or a library definition it references. */
    private String badRegex(String expression, Exception e) {
        String culprit = null;
        String culpritText = expression;
        for (String name : referencedNames(expression, new ArrayDeque<>())) {
            String def = library.definition(name);
            if (def != null && !compilesAlone(name)) {
                culprit = name;
                culpritText = def;
                break;
            }
        }
        String where = positionHint(culpritText);
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return culprit == null
                ? "bad regex" + where + ": " + what
                : "bad regex in %{" + culprit + "} (" + library.origin(culprit) + ")" + where + ": " + what;
    }

    private boolean compilesAlone(String name) {
        try {
            byte[] bytes = new Expansion(name).expand("%{" + name + "}", new ArrayDeque<>()).getBytes(StandardCharsets.UTF_8);
            new Regex(bytes, 0, bytes.length, OPTIONS, UTF8Encoding.INSTANCE, Syntax.DEFAULT, WarnCallback.NONE);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private List<String> referencedNames(String text, Deque<String> seen) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while ((i = text.indexOf("%{", i)) >= 0) {
            int close = text.indexOf('}', i);
            if (close < 0) {
                break;
            }
            String name = text.substring(i + 2, close).split(":", 2)[0];
            if (!seen.contains(name) && library.definition(name) != null) {
                seen.push(name);
                names.addAll(referencedNames(library.definition(name), seen));
                names.add(name);
            }
            i = close + 1;
        }
        return names;
    }

    /** Joni reports no offset; Java's parser agrees with it on the common mistakes and does. */
    private static String positionHint(String text) {
        String plain = text.replaceAll("%\\{[^}]*}", "x");
        try {
            java.util.regex.Pattern.compile(plain);
            return "";
        } catch (PatternSyntaxException pse) {
            return pse.getIndex() >= 0 ? " near position " + pse.getIndex() + " of '" + plain + "'" : "";
        } catch (RuntimeException other) {
            return "";
        }
    }

    private record PendingCapture(String groupName, String field, FieldType type) {
    }

    /** One compilation: the captures found so far and the group names handed out. */
    private final class Expansion {
        private final String expression;
        private final List<PendingCapture> captures = new ArrayList<>();
        private final Map<String, String> inline = new HashMap<>();

        Expansion(String expression) {
            this.expression = expression;
        }

        String expand(String text, Deque<String> stack) {
            StringBuilder out = new StringBuilder(text.length() * 2);
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    out.append(c).append(text.charAt(i + 1));
                    i += 2;
                } else if (c == '[') {
                    int end = skipCharClass(text, i);
                    out.append(text, i, end);
                    i = end;
                } else if (c == '%' && i + 1 < n && text.charAt(i + 1) == '{') {
                    Reference ref = Reference.parse(text, i, expression);
                    reference(ref, out, stack);
                    i = ref.end();
                } else if (c == '(' && text.startsWith("(?<", i) && i + 3 < n
                        && text.charAt(i + 3) != '=' && text.charAt(i + 3) != '!') {
                    int close = text.indexOf('>', i);
                    if (close < 0) {
                        throw new GrokCompileException(expression, "unclosed named group at position " + i + " of '" + text + "'");
                    }
                    String field = text.substring(i + 3, close);
                    out.append("(?<").append(newCapture(field, FieldType.STRING)).append('>');
                    i = close + 1;
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }

        private void reference(Reference ref, StringBuilder out, Deque<String> stack) {
            String name = ref.name();
            String field = ref.field();
            FieldType type = FieldType.parseLenient(ref.type(), expression);
            if (ref.definition() != null) {
                inline.put(name, ref.definition());
            }
            String definition = definition(name);
            if (definition == null) {
                String from = stack.isEmpty() ? "" : " (referenced from %{" + stack.peek() + "})";
                throw new GrokCompileException(expression, "unknown pattern %{" + name + "}" + from);
            }
            if (stack.contains(name)) {
                List<String> chain = new ArrayList<>(stack);
                java.util.Collections.reverse(chain);
                chain.add(name);
                throw new GrokCompileException(expression, "circular reference " + String.join(" -> ", chain));
            }
            if (field == null && !namedCapturesOnly) {
                field = name;
            }
            stack.push(name);
            String body = expand(definition, stack);
            stack.pop();
            if (field == null) {
                out.append("(?:").append(body).append(')');
            } else {
                out.append("(?<").append(newCapture(field, type)).append('>').append(body).append(')');
            }
        }

        /** An inline definition of this expression ({@code %{NAME:field=REGEX}}) first, then the library. */
        private String definition(String name) {
            String own = inline.get(name);
            return own != null ? own : library.definition(name);
        }

        private String newCapture(String field, FieldType type) {
            String group = "g" + captures.size();
            captures.add(new PendingCapture(group, Capture.normaliseField(field), type));
            return group;
        }
    }

    /** The index just after the character class starting at {@code start} (nested classes allowed). */
    static int skipCharClass(String text, int start) {
        int depth = 0;
        int i = start;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                depth++;
                i++;
                // a ']' right after '[' or '[^' is a literal
                if (i < n && text.charAt(i) == '^') {
                    i++;
                }
                if (i < n && text.charAt(i) == ']') {
                    i++;
                }
                continue;
            }
            if (c == ']') {
                depth--;
                i++;
                if (depth == 0) {
                    return i;
                }
                continue;
            }
            i++;
        }
        return n;
    }
}
