package io.wharf.bench.pipeline;

/** wharf under one set of JVM options, named in the tables ({@code wharf} for the launcher's defaults). */
record WharfVariant(String name, String javaOpts) {
    /** {@code NAME=OPTIONS}, or just OPTIONS for the default name {@code wharf}. */
    static WharfVariant parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq > 0 && !spec.substring(0, eq).contains(" ") && !spec.startsWith("-")) {
            return new WharfVariant(spec.substring(0, eq), spec.substring(eq + 1));
        }
        return new WharfVariant("wharf", spec);
    }
}
