package io.wharf.core.config;

/**
 * A configuration problem, always located: {@code agent.yml:12: outputs.elasticsearch.hostz: unknown key}.
 * The message is what the user sees; it never contains a secret's value.
 */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final int line;
    private final String key;

    public ConfigException(String file, int line, String key, String problem) {
        super(format(file, line, key, problem));
        this.file = file;
        this.line = line;
        this.key = key;
    }

    private static String format(String file, int line, String key, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (key != null && !key.isEmpty()) {
            sb.append(key).append(": ");
        }
        return sb.append(problem).toString();
    }

    public String file() {
        return file;
    }

    /** 1-based; 0 when the problem has no line (a missing file). */
    public int line() {
        return line;
    }

    public String key() {
        return key;
    }
}
