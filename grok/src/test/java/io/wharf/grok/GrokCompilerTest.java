package io.wharf.grok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrokCompilerTest {
    private final PatternLibrary library = PatternLibrary.empty()
            .put("INT", "[+-]?\\d+")
            .put("WORD", "\\b\\w+\\b")
            .put("IP", "\\d+\\.\\d+\\.\\d+\\.\\d+")
            .put("GREEDYDATA", ".*")
            .put("DATA", ".*?");
    private final GrokCompiler compiler = new GrokCompiler(library);

    @Test
    void namedAndTypedCapturesBecomeNestedTypedFields() {
        Grok grok = compiler.compile("%{IP:client.ip} %{INT:[http][response][status_code]:int} %{INT:bytes:long} %{WORD:ok:boolean} %{INT:f:float} %{INT:d:double}");
        Map<String, Object> out = grok.captures("10.0.0.1 200 1234 true 3 4");
        assertThat(out).containsEntry("client", Map.of("ip", "10.0.0.1"))
                .containsEntry("http", Map.of("response", Map.of("status_code", 200)))
                .containsEntry("bytes", 1234L)
                .containsEntry("ok", true)
                .containsEntry("f", 3.0)
                .containsEntry("d", 4.0d);
    }

    @Test
    void onigurumaNamedGroupsAreCapturedUnderTheirFieldName() {
        Grok grok = compiler.compile("user=(?<user.name>\\w+) (?<[user][id]>\\d+)");
        assertThat(grok.captures("user=joe 42")).isEqualTo(Map.of("user", Map.of("name", "joe", "id", "42")));
    }

    @Test
    void unnamedReferencesAreNotCapturedUnlessAsked() {
        assertThat(compiler.compile("%{WORD} %{INT:n:int}").captures("abc 5")).isEqualTo(Map.of("n", 5));
        Grok all = new GrokCompiler(library, false).compile("%{WORD} %{INT:n:int}");
        assertThat(all.captures("abc 5")).isEqualTo(Map.of("WORD", "abc", "n", 5));
    }

    @Test
    void aRepeatedFieldBecomesAnArrayButAlternativesGiveOneValue() {
        assertThat(compiler.compile("%{WORD:w} %{WORD:w}").captures("a b")).isEqualTo(Map.of("w", List.of("a", "b")));
        assertThat(compiler.compile("(?:%{INT:v:int}|%{WORD:v})!").captures("x!")).isEqualTo(Map.of("v", "x"));
        assertThat(compiler.compile("(?:%{INT:v:int}|%{WORD:v})!").captures("7!")).isEqualTo(Map.of("v", 7));
    }

    @Test
    void inlineDefinitionsOverrideTheLibrary() {
        PatternLibrary custom = library.copy().put("WORD", "[a-z]+-[a-z]+");
        assertThat(new GrokCompiler(custom).compile("%{WORD:w}").captures("ab-cd")).isEqualTo(Map.of("w", "ab-cd"));
    }

    @Test
    void intTakesTheLeadingNumberAsRubyToIDoes() {
        PatternLibrary lib = library.copy().put("ANY", "\\S+");
        assertThat(new GrokCompiler(lib).compile("%{ANY:n:int}").captures("12x")).isEqualTo(Map.of("n", 12));
        assertThat(new GrokCompiler(lib).compile("%{ANY:n:int}").captures("x12")).isEqualTo(Map.of("n", 0));
    }

    @Test
    void unknownPatternIsNamedWithWhereItIsReferenced() {
        PatternLibrary lib = library.copy().put("OUTER", "%{NOPE}");
        assertThatThrownBy(() -> new GrokCompiler(lib).compile("x %{OUTER:o}"))
                .isInstanceOf(GrokCompileException.class)
                .hasMessageContaining("pattern 'x %{OUTER:o}'")
                .hasMessageContaining("unknown pattern %{NOPE}")
                .hasMessageContaining("referenced from %{OUTER}");
    }

    @Test
    void circularReferenceShowsTheChain() {
        PatternLibrary lib = library.copy().put("A", "a%{B}").put("B", "b%{A}");
        assertThatThrownBy(() -> new GrokCompiler(lib).compile("%{A}"))
                .hasMessageContaining("circular reference A -> B -> A");
    }

    @Test
    void badRegexNamesTheDefinitionAndThePosition() {
        PatternLibrary lib = library.copy().put("BROKEN", "ab[c");
        assertThatThrownBy(() -> new GrokCompiler(lib).compile("%{WORD} %{BROKEN:b}"))
                .isInstanceOf(GrokCompileException.class)
                .hasMessageContaining("bad regex in %{BROKEN}")
                .hasMessageContaining("position");
        assertThatThrownBy(() -> compiler.compile("(unclosed %{WORD}"))
                .hasMessageContaining("pattern '(unclosed %{WORD}': bad regex");
    }

    @Test
    void unknownTypeKeepsTheStringAsLogstashDoes() {
        assertThat(compiler.compile("%{INT:n:integer}").captures("42")).isEqualTo(Map.of("n", "42"));
    }

    @Test
    void requiredLiteralsSkipLinesThatCannotMatch() {
        Grok grok = compiler.compile("^Returning response \\(%{IP:ip}\\) took %{INT:ms:int} ms");
        assertThat(grok.requiredLiterals()).contains("prefix=Returning response (").contains("inner=) took ");
        byte[] other = "Executing action (1.2.3.4)".getBytes();
        assertThat(grok.mayMatch(other, 0, other.length)).isFalse();
        assertThat(grok.captures("Returning response (1.2.3.4) took 12 ms")).isEqualTo(Map.of("ip", "1.2.3.4", "ms", 12));
        // Optional and repeated characters are not required: "tooks?" only needs "took".
        Grok optional = compiler.compile("^a?bc x+yz");
        assertThat(optional.captures("bc yz")).isNull();
        assertThat(optional.captures("bc xyz")).isNotNull();
        assertThat(optional.captures("abc xxyz")).isNotNull();
    }

    @Test
    void literalsInsideGroupsEveryMatchGoesThroughAreRequiredToo() {
        Grok grok = compiler.compile("^(?<level>[A-Z]+): (?<message>Returning response %{INT:ms:int})(?: optional tail)? end");
        assertThat(grok.requiredLiterals()).contains("inner=Returning response ");
        byte[] other = "INFO: Executing action 12 end".getBytes();
        assertThat(grok.mayMatch(other, 0, other.length)).isFalse();
        assertThat(grok.captures("INFO: Returning response 12 end")).isEqualTo(Map.of("level", "INFO", "message", "Returning response 12", "ms", 12));
        // Optional groups, lookarounds and alternatives inside a group require nothing.
        Grok optional = compiler.compile("^x(?: optional text)?(?=[bf])(?:foolong|barlong)(?<!zzz)$");
        assertThat(optional.requiredLiterals()).isEqualTo("prefix=x inner=null");
        assertThat(optional.captures("xybarlong")).isNull();
        assertThat(optional.captures("xbarlong")).isNotNull();
        assertThat(compiler.compile("^x(?:ab|cd)+").captures("xcd")).isNotNull();
    }

    @Test
    void topLevelAlternationRequiresNothing() {
        Grok grok = compiler.compile("foo|bar");
        assertThat(grok.requiredLiterals()).isEqualTo("prefix=null inner=null");
        assertThat(grok.captures("xbar")).isNotNull();
    }

    @Test
    void keepEmptyCaptures() {
        Grok grok = compiler.compile("a=%{DATA:a};b=%{DATA:b};");
        GrokMatcher drop = new GrokMatcher(List.of(grok), true, false, null, null);
        GrokMatcher keep = new GrokMatcher(List.of(grok), true, true, null, null);
        Map<String, Object> dropped = new java.util.LinkedHashMap<>();
        Map<String, Object> kept = new java.util.LinkedHashMap<>();
        drop.apply("a=;b=x;", dropped);
        keep.apply("a=;b=x;", kept);
        assertThat(dropped).isEqualTo(Map.of("b", "x"));
        assertThat(kept).isEqualTo(Map.of("a", "", "b", "x"));
    }
}
