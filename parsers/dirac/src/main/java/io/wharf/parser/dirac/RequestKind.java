package io.wharf.parser.dirac;

/**
 * The kinds of DIRAC message the parser recognises after the line prefix, each with the library
 * pattern that recognises it (patterns file {@code dirac} of grok-patterns).
 */
enum RequestKind {
    DISET_QUERY("DIRAC_DISET_QUERY", "query", null),
    DISET_RESPONSE("DIRAC_DISET_RESPONSE", "response", null),
    TORNADO_QUERY("DIRAC_TORNADO_QUERY", "query", "tornado"),
    TORNADO_RESPONSE("DIRAC_TORNADO_RESPONSE", "response", "tornado"),
    AGENT_START("DIRAC_AGENT_START", null, null),
    AGENT_TOOK("DIRAC_AGENT_TOOK", null, null),
    AGENT_OK("DIRAC_AGENT_OK", null, null),
    AGENT_ERROR("DIRAC_AGENT_ERROR", null, null);

    final String pattern;
    /** {@code dirac.request.kind}, or null for non-request lines. */
    final String requestKind;
    /** {@code dirac.request.type} when the line itself does not say it. */
    final String requestType;

    RequestKind(String pattern, String requestKind, String requestType) {
        this.pattern = pattern;
        this.requestKind = requestKind;
        this.requestType = requestType;
    }
}
