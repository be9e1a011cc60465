package io.wharf.core.config;

/** A configuration section that checks itself after binding (ranges, required keys, combinations). */
public interface Validated {
    void validate(Validation v);
}
