package io.wharf.grok;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.core.event.LogEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of Logstash's grok filter (logstash-filter-grok and its grok library) that a user
 * moving a pipeline to wharf relies on, one test per point of issue 17.
 */
class LogstashSemanticsTest {
    private final PatternLibrary library = PatternLibrary.empty()
            .put("WORD", "\\b\\w+\\b").put("INT", "(?:[+-]?(?:[0-9]+))").put("NUMBER", "(?:[+-]?\\d+(?:\\.\\d+)?)")
            .put("NOTSPACE", "\\S+").put("DATA", ".*?").put("GREEDYDATA", ".*").put("SPACE", "\\s*");
    private final GrokCompiler compiler = new GrokCompiler(library);

    private static Map<String, Object> fieldsOf(LogEvent e) {
        return e.fields();
    }

    private GrokProcessor processor(List<String> patterns, List<String> overwrite, Boolean breakOnMatch, Boolean keepEmpty) {
        return new GrokProcessor(new GrokConfig(patterns, library.definitions(), null, breakOnMatch, null, keepEmpty,
                null, null, null, overwrite, null));
    }

    // 1. append unless overwrite

    @Test
    void aCaptureIntoAnExistingFieldAppendsAndMakesAnArray() {
        LogEvent e = LogEvent.ofMessage("GET /x took 5");
        processor(List.of("%{WORD:verb} %{NOTSPACE:path} took %{INT:ms:int}|%{GREEDYDATA:message}"), null, null, null).process(e);
        assertThat(e.get("verb")).isEqualTo("GET");
        e = LogEvent.ofMessage("GET /x");
        processor(List.of("%{WORD:verb} %{GREEDYDATA:message}"), null, null, null).process(e);
        assertThat(e.get("message")).isEqualTo(List.of("GET /x", "/x"));
    }

    @Test
    void overwriteReplacesTheField() {
        LogEvent e = LogEvent.ofMessage("GET /x");
        processor(List.of("%{WORD:verb} %{GREEDYDATA:message}"), List.of("message"), null, null).process(e);
        assertThat(e.get("message")).isEqualTo("/x");
        LogEvent nested = LogEvent.ofMessage("a b");
        nested.put("user.name", "old");
        processor(List.of("%{WORD:[user][name]} %{WORD:other}"), List.of("[user][name]"), null, null).process(nested);
        assertThat(nested.get("user.name")).isEqualTo("a");
    }

    @Test
    void aCapturedTimestampReplacesTheReadingTime() {
        LogEvent e = LogEvent.ofMessage("2026-11-21T10:00:00.123Z hello");
        e.put("@timestamp", "2026-12-02T00:00:00Z");
        processor(List.of("(?<@timestamp>\\S+) %{GREEDYDATA:rest}"), null, null, null).process(e);
        assertThat(e.get("@timestamp")).isEqualTo("2026-11-21T10:00:00.123Z");
    }

    @Test
    void anExistingArrayGrowsAndAnObjectIsLeftAlone() {
        LogEvent e = LogEvent.ofMessage("x y");
        e.put("tagsish", new ArrayList<>(List.of("a")));
        e.put("obj", new LinkedHashMap<>(Map.of("k", "v")));
        processor(List.of("%{WORD:tagsish} %{WORD:obj}"), null, null, null).process(e);
        assertThat(e.get("tagsish")).isEqualTo(List.of("a", "x"));
        assertThat(e.get("obj")).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void everyMatchingPatternAddsToTheSameFieldsWhenBreakOnMatchIsOff() {
        LogEvent e = LogEvent.ofMessage("id=7 user=bob");
        processor(List.of("id=%{INT:n:int}", "user=%{WORD:n}"), null, false, null).process(e);
        assertThat(e.get("n")).isEqualTo(List.of(7, "bob"));
    }

    // 2. multiline events

    @Test
    void dotMatchesALineBreakSoAPatternCapturesAcrossLines() {
        String trace = "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:12)\n\tat a.D.e(D.java:3)";
        Map<String, Object> f = compiler.compile("^%{NOTSPACE:error.type}: %{DATA:error.message}\\n%{GREEDYDATA:error.stack_trace}").captures(trace);
        assertThat(f).isEqualTo(Map.of("error", Map.of("type", "java.lang.IllegalStateException", "message", "boom",
                "stack_trace", "\tat a.B.c(B.java:12)\n\tat a.D.e(D.java:3)")));
        assertThat(compiler.compile("^%{GREEDYDATA:all}$").captures("one\ntwo")).isEqualTo(Map.of("all", "one\ntwo"));
    }

    // 3. type conversion

    @Test
    void intAndFloatConvertTheLeadingNumberAsRubyDoes() {
        Grok any = new GrokCompiler(library.copy().put("ANY", "[^|]*")).compile("%{ANY:i:int}\\|%{ANY:f:float}");
        assertThat(any.captures("42abc|3.14xyz")).isEqualTo(Map.of("i", 42, "f", 3.14));
        assertThat(any.captures("  -7|.5")).isEqualTo(Map.of("i", -7, "f", 0.5));
        assertThat(any.captures("1_000|1e3")).isEqualTo(Map.of("i", 1000, "f", 1000.0));
        assertThat(any.captures("abc|x")).isEqualTo(Map.of("i", 0, "f", 0.0));
        assertThat(any.captures("0x1A|2.5e-1kb")).isEqualTo(Map.of("i", 0, "f", 0.25));
    }

    @Test
    void integersAre64BitAndBeyondThatTheTextIsKept() {
        Grok grok = compiler.compile("%{INT:n:int}");
        assertThat(grok.captures("9223372036854775807")).isEqualTo(Map.of("n", Long.MAX_VALUE));
        assertThat(grok.captures("-9223372036854775808")).isEqualTo(Map.of("n", Long.MIN_VALUE));
        assertThat(grok.captures("9223372036854775808")).isEqualTo(Map.of("n", "9223372036854775808"));
    }

    @Test
    void anUnknownTypeKeepsTheStringAndIsWarnedAboutOnce() {
        assertThat(compiler.compile("%{INT:n:integr}").captures("5")).isEqualTo(Map.of("n", "5"));
        assertThat(compiler.compile("%{INT:m:INTEGR}").captures("6")).isEqualTo(Map.of("m", "6"));
        assertThat(FieldType.warnedTypes()).contains("integr");
        assertThat(FieldType.warnedTypes().stream().filter(t -> t.equals("integr"))).hasSize(1);
    }

    // 4. field references

    @Test
    void bracketAndDottedFieldReferencesNest() {
        assertThat(compiler.compile("%{WORD:[a][b]} %{WORD:a.c}").captures("x y")).isEqualTo(Map.of("a", Map.of("b", "x", "c", "y")));
    }

    @Test
    void textAfterTheFieldNameInsideTheBracesIsIgnored() {
        assertThat(compiler.compile("%{INT:n:int:extra} %{WORD:w this is ignored}").captures("5 abc"))
                .isEqualTo(Map.of("n", 5, "w", "abc"));
    }

    @Test
    void metadataFieldsAreUsableByLaterStepsButNotWrittenToTheDocument() {
        LogEvent e = LogEvent.ofMessage("route=blue rest");
        processor(List.of("route=%{WORD:[@metadata][route]} %{WORD:word}"), null, null, null).process(e);
        assertThat(e.get("@metadata.route")).isEqualTo("blue");
        assertThat(fieldsOf(e)).doesNotContainKey("@metadata").containsEntry("word", "rest");
        assertThat(e.metadata()).isEqualTo(Map.of("route", "blue"));
    }

    // 5. inline definitions and named groups

    @Test
    void inlineDefinitionsDefineAPatternForTheRestOfTheExpression() {
        Grok grok = compiler.compile("%{ID:first=[A-Z]{3}-\\d{2}} then %{ID:second}");
        assertThat(grok.captures("ABC-12 then XYZ-99")).isEqualTo(Map.of("first", "ABC-12", "second", "XYZ-99"));
        assertThat(compiler.compile("%{ONLYHERE=\\d+}x").captures("12x")).isEqualTo(Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> compiler.compile("%{ID:x}"))
                .hasMessageContaining("unknown pattern %{ID}");
    }

    @Test
    void onigurumaNamedGroupsAreCaptures() {
        assertThat(compiler.compile("(?<queue_id>[0-9A-F]{10,11}): (?<[postfix][to]>\\S+)").captures("BEF25A72965: bob@x"))
                .isEqualTo(Map.of("queue_id", "BEF25A72965", "postfix", Map.of("to", "bob@x")));
    }

    // 6. options that already matched Logstash

    @Test
    void keepEmptyCapturesGivesNullForAGroupThatTookNoPartAsLogstashDoes() {
        Grok grok = compiler.compile("%{WORD:a}(?: %{WORD:b})?");
        Map<String, Object> kept = new HashMap<>();
        new GrokMatcher(List.of(grok), true, true, Duration.ZERO, null).apply("x", kept);
        Map<String, Object> expected = new HashMap<>();
        expected.put("a", "x");
        expected.put("b", null);
        assertThat(kept).isEqualTo(expected);
    }

    @Test
    void tagOnFailureAndNamedCapturesOnly() {
        LogEvent e = LogEvent.ofMessage("nothing");
        new GrokProcessor(new GrokConfig(List.of("^\\d+$"), null, null, null, null, null, "_custom", null, null)).process(e);
        assertThat(e.tags()).containsExactly("_custom");
        assertThat(new GrokCompiler(library, false).compile("%{WORD} %{INT:n:int}").captures("a 1"))
                .isEqualTo(Map.of("WORD", "a", "n", 1));
        assertThat(Set.copyOf(GrokConfig.of("x").overwrite())).isEmpty();
    }
}
