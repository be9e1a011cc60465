package io.wharf.core.config;

import java.util.function.UnaryOperator;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:default}} in configuration text with the environment
 * variable's value, before the YAML is parsed, line by line so that errors keep their line
 * numbers. {@code $${} stands for a literal {@code ${}. Comment lines are left alone.
 */
final class EnvSubstitution {
    private EnvSubstitution() {
    }

    static String apply(String file, String text, UnaryOperator<String> env) {
        StringBuilder out = new StringBuilder(text.length());
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (n > 0) {
                out.append('\n');
            }
            if (line.stripLeading().startsWith("#") || !line.contains("${")) {
                out.append(line);
                continue;
            }
            int i = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (c == '$' && line.startsWith("$${", i)) {
                    out.append("${");
                    i += 3;
                } else if (c == '$' && line.startsWith("${", i)) {
                    int close = line.indexOf('}', i + 2);
                    if (close < 0) {
                        throw new ConfigException(file, n + 1, null, "unclosed ${ in '" + line.strip() + "'");
                    }
                    String expr = line.substring(i + 2, close);
                    int colon = expr.indexOf(':');
                    String name = colon < 0 ? expr : expr.substring(0, colon);
                    String value = env.apply(name);
                    if (value == null) {
                        if (colon < 0) {
                            throw new ConfigException(file, n + 1, null, "environment variable " + name
                                    + " is not set (write ${" + name + ":default} to give a default)");
                        }
                        value = expr.substring(colon + 1);
                    }
                    out.append(value);
                    i = close + 1;
                } else {
                    out.append(c);
                    i++;
                }
            }
        }
        return out.toString();
    }
}
