package io.wharf.bench.pipeline;

import java.io.IOException;

/** How many lines a contender has delivered so far (lines of its NDJSON file, documents in its index). */
interface Delivered {
    long count() throws IOException;

    /** The count once everything written is visible (after the contender stopped). */
    default long settled() throws IOException {
        return count();
    }
}
