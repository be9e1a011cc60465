package io.wharf.grok;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A grok processor's configuration section (snake_case in YAML):
 * <pre>
 * patterns: ['%{IP:client.ip} %{WORD:http.request.method}']
 * pattern_definitions: {MYWORD: '\w+'}
 * patterns_dirs: [/etc/wharf/patterns]
 * break_on_match: true
 * named_captures_only: true
 * keep_empty_captures: false
 * tag_on_failure: _grokparsefailure
 * timeout: 1s
 * source_field: message
 * overwrite: [message]
 * ecs_compatibility: v1
 * </pre>
 * Every pattern is compiled while validating, so a typo is reported with the file, line and key.
 */
public record GrokConfig(List<String> patterns, Map<String, String> patternDefinitions, List<String> patternsDirs,
                         Boolean breakOnMatch, Boolean namedCapturesOnly, Boolean keepEmptyCaptures,
                         String tagOnFailure, Duration timeout, String sourceField,
                         List<String> overwrite, String ecsCompatibility) implements Validated {
    public static final String DEFAULT_FAILURE_TAG = "_grokparsefailure";
    public static final String TIMEOUT_TAG = "_groktimeout";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    public GrokConfig {
        patterns = patterns == null ? List.of() : List.copyOf(patterns);
        patternDefinitions = patternDefinitions == null ? Map.of() : Map.copyOf(patternDefinitions);
        patternsDirs = patternsDirs == null ? List.of() : List.copyOf(patternsDirs);
        breakOnMatch = breakOnMatch == null ? Boolean.TRUE : breakOnMatch;
        namedCapturesOnly = namedCapturesOnly == null ? Boolean.TRUE : namedCapturesOnly;
        keepEmptyCaptures = keepEmptyCaptures == null ? Boolean.FALSE : keepEmptyCaptures;
        tagOnFailure = tagOnFailure == null ? DEFAULT_FAILURE_TAG : tagOnFailure;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        sourceField = sourceField == null ? "message" : sourceField;
        overwrite = overwrite == null ? List.of() : List.copyOf(overwrite);
        ecsCompatibility = ecsCompatibility == null ? EcsCompatibility.DEFAULT.toString() : ecsCompatibility;
    }

    /** Logstash's short form of the long constructor: the patterns, the inline definitions, everything else default. */
    public GrokConfig(List<String> patterns, Map<String, String> patternDefinitions, List<String> patternsDirs,
                      Boolean breakOnMatch, Boolean namedCapturesOnly, Boolean keepEmptyCaptures,
                      String tagOnFailure, Duration timeout, String sourceField) {
        this(patterns, patternDefinitions, patternsDirs, breakOnMatch, namedCapturesOnly, keepEmptyCaptures,
                tagOnFailure, timeout, sourceField, null, null);
    }

    /** Which standard pattern set the built-in library holds (validated: a bad value is reported, then v1). */
    public EcsCompatibility ecs() {
        EcsCompatibility ecs = EcsCompatibility.parse(ecsCompatibility);
        return ecs == null ? EcsCompatibility.DEFAULT : ecs;
    }

    /** The fields a capture replaces instead of appending to (Logstash's {@code overwrite}). */
    public java.util.Set<String> overwriteFields() {
        java.util.Set<String> fields = new java.util.HashSet<>();
        for (String f : overwrite) {
            fields.add(Capture.normaliseField(f));
        }
        return java.util.Set.copyOf(fields);
    }

    /** The usual case: these patterns, every other setting at its default. */
    public static GrokConfig of(String... patterns) {
        return new GrokConfig(List.of(patterns), null, null, null, null, null, null, null, null);
    }

    @Override
    public void validate(Validation v) {
        v.check(!patterns.isEmpty(), "patterns", "at least one grok pattern is needed");
        v.check(!timeout.isNegative(), "timeout", "must not be negative (0 disables the time budget)");
        v.check(!sourceField.isBlank(), "source_field", "must not be empty");
        v.check(EcsCompatibility.parse(ecsCompatibility) != null, "ecs_compatibility",
                "must be disabled or v1 (v8 is accepted as v1), not '" + ecsCompatibility + "'");
        PatternLibrary library;
        try {
            library = library();
        } catch (UncheckedIOException e) {
            v.check(false, "patterns_dirs", e.getCause().getMessage());
            return;
        } catch (GrokCompileException e) {
            v.check(false, "patterns_dirs", e.getMessage());
            return;
        }
        GrokCompiler compiler = new GrokCompiler(library, namedCapturesOnly);
        for (int i = 0; i < patterns.size(); i++) {
            try {
                compiler.compile(patterns.get(i));
            } catch (GrokCompileException e) {
                v.check(false, "patterns[" + i + "]", e.getMessage());
            }
        }
    }

    /** The built-in library of the chosen set, then the files of patterns_dirs, then the inline definitions. */
    public PatternLibrary library() {
        PatternLibrary library = PatternLibrary.builtin(ecs());
        for (String dir : patternsDirs) {
            try {
                library.addDirectory(Path.of(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException("patterns_dirs: " + e.getMessage(), e));
            }
        }
        library.putAll(patternDefinitions);
        return library;
    }

    /** Compiles the patterns (throws {@link GrokCompileException} on the first bad one). */
    public List<Grok> compile() {
        GrokCompiler compiler = new GrokCompiler(library(), namedCapturesOnly);
        List<Grok> compiled = new ArrayList<>();
        for (String p : patterns) {
            compiled.add(compiler.compile(p));
        }
        return compiled;
    }
}
