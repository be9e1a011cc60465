package io.wharf.parser.dirac;

/**
 * The multiline rule of DIRAC logs: which lines start a new event. Everything else (Python
 * tracebacks, DISET call stacks, continuation lines of a multi-line message, the repeated-prefix
 * lines of an old {@code == EXCEPTION ==} block) joins the event before it.
 */
public final class DiracMultiline {
    private DiracMultiline() {
    }

    /** True when {@code line} starts a new DIRAC event. */
    public static boolean startsEvent(String line) {
        if (line == null || line.isEmpty()) {
            return false;
        }
        char first = line.charAt(0);
        if (first == '{') {
            return true;
        }
        if (first == '-') {
            return isDashes(line);
        }
        int afterTimestamp = DiracTimestamp.prefixLength(line);
        if (afterTimestamp < 0) {
            return false;
        }
        // Up to v6r17 an exception repeats the line prefix on every line of its block: those lines
        // continue the event that logged the exception.
        int levelEnd = line.indexOf(" EXCEPT: ", afterTimestamp);
        if (levelEnd > 0) {
            String rest = line.substring(levelEnd + " EXCEPT: ".length());
            return !isExceptionBlockLine(rest);
        }
        return true;
    }

    /** An agent's separator: a line of dashes (and nothing else but trailing blanks). */
    static boolean isDashes(String line) {
        int n = line.strip().length();
        if (n < 10) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (line.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    static boolean isExceptionBlockLine(String message) {
        return message.startsWith("==") || message.startsWith(" ") || message.startsWith("\t")
                || message.startsWith("Traceback") || message.isEmpty()
                || message.matches("[\\w.]*(Error|Exception|Exit|Interrupt)(:.*)?");
    }
}
