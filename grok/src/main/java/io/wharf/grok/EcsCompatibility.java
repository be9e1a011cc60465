package io.wharf.grok;

import java.util.Locale;

/**
 * Which of Logstash's two standard pattern sets the library holds, as Logstash's
 * {@code ecs_compatibility} option chooses: {@code v1} (the default) captures into Elastic Common
 * Schema fields ({@code [source][address]}, {@code [http][request][method]}), {@code disabled} into
 * the legacy names ({@code clientip}, {@code verb}). {@code v8} is accepted as Logstash 8 accepts it:
 * it selects the same patterns as {@code v1}.
 */
public enum EcsCompatibility {
    DISABLED("legacy"), V1("ecs-v1");

    public static final EcsCompatibility DEFAULT = V1;

    private final String directory;

    EcsCompatibility(String directory) {
        this.directory = directory;
    }

    /** The folder of the built-in pattern files of this set. */
    public String directory() {
        return directory;
    }

    /** {@code disabled}, {@code v1} or {@code v8}; null for anything else. */
    public static EcsCompatibility parse(String value) {
        if (value == null) {
            return DEFAULT;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "disabled", "false", "legacy" -> DISABLED;
            case "v1", "v8" -> V1;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return this == DISABLED ? "disabled" : "v1";
    }
}
