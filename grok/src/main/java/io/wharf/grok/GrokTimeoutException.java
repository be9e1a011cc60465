package io.wharf.grok;

/** Matching one event went over its time budget and was interrupted. */
public final class GrokTimeoutException extends RuntimeException {
    public GrokTimeoutException(String pattern) {
        super("grok pattern '" + pattern + "' ran out of its time budget", null, false, false);
    }
}
