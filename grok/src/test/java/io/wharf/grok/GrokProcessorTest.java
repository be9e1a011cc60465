package io.wharf.grok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigLoader;
import io.wharf.core.event.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrokProcessorTest {

    private static GrokConfig config(List<String> patterns, Map<String, String> defs, Boolean breakOnMatch, Duration timeout) {
        return new GrokConfig(patterns, defs, null, breakOnMatch, null, null, null, timeout, null);
    }

    @Test
    void parsesTheMessageInPlaceWhenItIsOverwritten() {
        GrokConfig c = new GrokConfig(List.of("(?<client.ip>\\S+) (?<message>.*)"), null, null, null, null, null, null, null, null,
                List.of("message"), null);
        GrokProcessor p = new GrokProcessor(c);
        LogEvent e = LogEvent.ofMessage("10.1.2.3 GET /index.html");
        p.process(e);
        assertThat(e.get("client.ip")).isEqualTo("10.1.2.3");
        assertThat(e.message()).isEqualTo("GET /index.html");
        assertThat(e.tags()).isEmpty();
    }

    @Test
    void noMatchKeepsTheRawTextAndTagsIt() {
        GrokConfig c = new GrokConfig(List.of("^\\d+$"), null, null, null, null, null, "_nomatch", null, null);
        LogEvent e = LogEvent.ofMessage("not a number");
        new GrokProcessor(c).process(e);
        assertThat(e.message()).isEqualTo("not a number");
        assertThat(e.tags()).containsExactly("_nomatch");
    }

    @Test
    void breakOnMatchStopsAtTheFirstPatternOtherwiseAllAreMerged() {
        List<String> patterns = List.of("a=(?<a>\\w+)", "b=(?<b>\\w+)");
        LogEvent first = LogEvent.ofMessage("a=1 b=2");
        new GrokProcessor(config(patterns, null, true, null)).process(first);
        assertThat(first.fields()).containsEntry("a", "1").doesNotContainKey("b");
        LogEvent all = LogEvent.ofMessage("a=1 b=2");
        new GrokProcessor(config(patterns, null, false, null)).process(all);
        assertThat(all.fields()).containsEntry("a", "1").containsEntry("b", "2");
    }

    @Test
    void sourceFieldCanBeAnotherField() {
        GrokConfig c = new GrokConfig(List.of("(?<n>\\d+)"), null, null, null, null, null, null, null, "raw.text");
        LogEvent e = new LogEvent().put("raw.text", "x 42");
        new GrokProcessor(c).process(e);
        assertThat(e.get("n")).isEqualTo("42");
    }

    @Test
    void catastrophicBacktrackingIsCutByTheBudgetAndTheNextLineParses() {
        // (\w+\s?)+$ against 100 KB of words that end in a character it cannot match: exponential.
        GrokConfig c = config(List.of("^(?<words>(\\w+\\s?)+)$"), null, null, Duration.ofMillis(200));
        GrokProcessor p = new GrokProcessor(c);
        String runaway = "a".repeat(50).concat(" ").repeat(2000).concat("!");
        assertThat(runaway.length()).isGreaterThan(100_000);
        LogEvent bad = LogEvent.ofMessage(runaway);
        long started = System.nanoTime();
        p.process(bad);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(bad.tags()).containsExactly("_groktimeout");
        assertThat(bad.message()).isEqualTo(runaway);
        assertThat(tookMillis).as("generous bound: the budget is 200 ms").isLessThan(5_000);

        LogEvent next = LogEvent.ofMessage("hello world");
        p.process(next);
        assertThat(next.tags()).isEmpty();
        assertThat(next.get("words")).isEqualTo("hello world");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void garbageNeverThrows() {
        GrokProcessor p = new GrokProcessor(config(List.of("^(?<w>\\w+) (?<rest>.*)$"), null, null, Duration.ofMillis(500)));
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31 + 7);
        }
        String invalidUtf8 = new String(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xF0, (byte) 0x28, (byte) 0x8C, 'x'}, StandardCharsets.UTF_8);
        for (String garbage : List.of(new String(binary, StandardCharsets.ISO_8859_1), "x".repeat(1 << 20), invalidUtf8, "\u0000\u0001\u0002")) {
            LogEvent e = LogEvent.ofMessage(garbage);
            p.process(e);
            assertThat(e.message()).isEqualTo(garbage);
            assertThat(e.tags()).containsExactly("_grokparsefailure");
        }
    }

    @Test
    void invalidUtf8BytesMatchWithoutThrowing() {
        Grok grok = new GrokCompiler(PatternLibrary.empty()).compile("^(?<a>.+) (?<b>\\d+)$");
        byte[] bytes = {(byte) 0xC3, (byte) 0x28, (byte) 0xF0, (byte) 0x9F, ' ', '4', '2'};
        GrokMatcher m = new GrokMatcher(List.of(grok), true, false, Duration.ofSeconds(1), null);
        Map<String, Object> out = new java.util.HashMap<>();
        assertThat(m.apply(bytes, 0, bytes.length, out)).isNotNull();
        byte[] truncated = {'a', ' ', (byte) 0xF0, (byte) 0x9F};
        assertThat(m.apply(truncated, 0, truncated.length, new java.util.HashMap<>())).isEqualTo(GrokMatcher.Outcome.NO_MATCH);
    }

    @Test
    void loadsFromYamlWithSnakeCaseKeys() {
        String yaml = """
                patterns:
                  - '%{MYNUM:n:int} %{GREEDYDATA:rest}'
                pattern_definitions:
                  MYNUM: '\\d+'
                  GREEDYDATA: '.*'
                break_on_match: false
                keep_empty_captures: true
                tag_on_failure: _bad
                timeout: 250ms
                """;
        GrokConfig c = ConfigLoader.parse("grok.yml", yaml, GrokConfig.class, k -> null);
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.breakOnMatch()).isFalse();
        LogEvent e = LogEvent.ofMessage("12 rest of it");
        new GrokProcessor(c).process(e);
        assertThat(e.get("n")).isEqualTo(12);
        assertThat(e.get("rest")).isEqualTo("rest of it");
    }

    @Test
    void compileErrorsAreValidationProblemsNamingFileLineKeyAndPattern() {
        String yaml = """
                patterns:
                  - '%{NUMBER:n}'
                  - '%{NOSUCHPATTERN:x}'
                pattern_definitions:
                  NUMBER: '\\d+'
                """;
        assertThatThrownBy(() -> ConfigLoader.parse("grok.yml", yaml, GrokConfig.class, k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("grok.yml:3")
                .hasMessageContaining("patterns[1]")
                .hasMessageContaining("unknown pattern %{NOSUCHPATTERN}");
    }
}
