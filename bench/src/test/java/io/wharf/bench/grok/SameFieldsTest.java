package io.wharf.bench.grok;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark compares like with like: same corpus, same fields, same values from all three. */
class SameFieldsTest {
    private final List<String> corpus = DiracCorpus.lines(3_000);
    private final LineParser wharf = new WharfDiracParser();

    @Test
    void thePeersExtractWhatWharfExtractsOnEveryLine() {
        assertThat(SameFields.differences(corpus, wharf, ElasticsearchGrok.create(), new JavaGrokParser(),
                new WharfGrokParser())).isEmpty();
    }

    @Test
    void everyLineOfTheCorpusParsesAndAllThreeKindsAreThere() {
        long responses = 0;
        long queries = 0;
        for (String line : corpus) {
            assertThat(wharf.parse(line)).as(line).isNotNull();
            responses += line.contains(" Returning response ") ? 1 : 0;
            queries += line.contains(" Executing action ") ? 1 : 0;
        }
        assertThat(responses).isBetween(1000L, 1400L);
        assertThat(queries).isBetween(700L, 1100L);
        assertThat(corpus.size() - responses - queries).isBetween(700L, 1100L);
        assertThat(DiracCorpus.lines(50)).isEqualTo(DiracCorpus.lines(50));
    }

    @Test
    void theCheckCatchesAPeerThatExtractsSomethingElse() {
        LineParser wrongPort = new LineParser() {
            private final LineParser real = new JavaGrokParser();

            @Override
            public String name() {
                return "wrong-port";
            }

            @Override
            public java.util.Map<String, Object> parse(String line) {
                java.util.Map<String, Object> parsed = real.parse(line);
                java.util.Map<String, Object> fields = parsed == null ? null : new java.util.HashMap<>(parsed);
                if (fields != null && fields.containsKey("client.port")) {
                    fields.put("client.port", 1);
                }
                return fields;
            }
        };
        assertThat(SameFields.differences(corpus.subList(0, 20), wharf, wrongPort)).isNotEmpty();
    }
}
