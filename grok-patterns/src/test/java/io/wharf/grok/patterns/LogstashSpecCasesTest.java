package io.wharf.grok.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.core.event.Fields;
import io.wharf.core.event.LogEvent;
import io.wharf.grok.GrokConfig;
import io.wharf.grok.GrokProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The lines of Logstash's own pattern tests (logstash-patterns-core spec/patterns/*_spec.rb) and
 * the fields Logstash captures from them, in both sets, run the way those tests run them: a grok
 * filter with {@code match => ["message", "%{NAME}"]} on an event holding the line, so a pattern
 * that captures {@code message} makes it an array of the line and the capture, as in Logstash.
 * {@code exact}: each top-level field must equal the value; {@code partial}: the value must
 * contain these (RSpec's hash_including); {@code absent}: dotted fields that must not be there;
 * {@code fails}: the line must get {@code _grokparsefailure}.
 */
class LogstashSpecCasesTest {

    record SpecCase(String pattern, List<String> sets, String line, Map<String, Object> exact, Map<String, Object> partial,
                    List<String> absent, Boolean fails, String spec) {
    }

    static List<SpecCase> cases() throws IOException {
        try (InputStream in = LogstashSpecCasesTest.class.getResourceAsStream("/logstash-spec-cases.json")) {
            return new ObjectMapper().readValue(in, new TypeReference<List<SpecCase>>() { });
        }
    }

    @TestFactory
    Stream<DynamicTest> capturesWhatLogstashCaptures() throws IOException {
        return cases().stream().flatMap(c -> c.sets().stream().map(set -> DynamicTest.dynamicTest(
                set + " " + c.pattern() + " (" + c.spec() + ")", () -> check(c, set))));
    }

    private static void check(SpecCase c, String set) {
        String ecs = set.equals("legacy") ? "disabled" : "v1";
        GrokConfig config = new GrokConfig(List.of("%{" + c.pattern() + "}"), null, null, null, null, null, null, null, null, null, ecs);
        LogEvent event = LogEvent.ofMessage(c.line());
        new GrokProcessor(config).process(event);
        Map<String, Object> fields = event.fields();
        if (Boolean.TRUE.equals(c.fails())) {
            assertThat(event.tags()).as(c.spec()).contains("_grokparsefailure");
            return;
        }
        assertThat(event.tags()).as(c.spec() + ": " + fields).isEmpty();
        if (c.exact() != null) {
            c.exact().forEach((key, value) -> assertThat(fields.get(key)).as(c.spec() + ": " + key).isEqualTo(value));
        }
        if (c.partial() != null) {
            assertContains(fields, c.partial(), c.spec());
        }
        if (c.absent() != null) {
            for (String path : c.absent()) {
                assertThat(Fields.get(fields, path)).as(c.spec() + ": " + path + " must be absent").isNull();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertContains(Map<String, Object> actual, Map<String, Object> expected, String where) {
        expected.forEach((key, value) -> {
            Object got = actual.get(key);
            if (value instanceof Map<?, ?> nested) {
                assertThat(got).as(where + ": " + key).isInstanceOf(Map.class);
                assertContains((Map<String, Object>) got, (Map<String, Object>) nested, where + " " + key);
            } else {
                assertThat(got).as(where + ": " + key).isEqualTo(value);
            }
        });
    }
}
