package io.wharf.grok;

/** A grok pattern that cannot be compiled; the message names the pattern and what is wrong in it. */
public final class GrokCompileException extends RuntimeException {
    private final String pattern;

    public GrokCompileException(String pattern, String problem) {
        super("pattern '" + pattern + "': " + problem);
        this.pattern = pattern;
    }

    public String pattern() {
        return pattern;
    }
}
