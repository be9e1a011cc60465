package io.wharf.core.event;

/** The two kinds of event; a sink takes one or both. */
public enum EventKind {
    LOG,
    METRIC
}
