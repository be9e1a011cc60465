package io.wharf.parser.dirac;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.grok.Grok;
import io.wharf.grok.GrokCompiler;
import io.wharf.grok.GrokMatch;
import io.wharf.grok.PatternLibrary;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written prefix reader must never disagree with the DIRAC_PREFIX regex: whenever it
 * answers, the regex matches the same bytes with the same parts. Checked on every prefix shape
 * and on thousands of lines mutated at random (a byte replaced, inserted or dropped).
 */
class DiracPrefixTest {
    private static final Grok REGEX = new GrokCompiler(PatternLibrary.builtin()).compile("^%{DIRAC_PREFIX}");
    private static final List<String> LINES = List.of(
            "2016-05-12 09:41:02 UTC Framework/SystemAdministrator[AbCd]   INFO: Returning response (1.2.3.4:5) (0.01 secs) OK",
            "2016-05-12 09:41:02 UTC WorkloadManagement/JobManager/Sub[0x7f] EXCEPT: == EXCEPTION ==",
            "2021-11-03 14:00:07 UTC DataManagement/FileCatalog/Handler [139000000114134] ERROR: Returning response",
            "2021-11-03 14:00:07 UTC WorkloadManagement/JobAgent/WorkloadManagement/JobAgent WARN: msg",
            "2024-03-05T10:11:12,123456Z Framework/Foo VERBOSE: x",
            "2024-03-05T10:11:12.1Z ExternalLibrary/urllib3 WARNING: Retrying",
            "2024-03-05 10:11:12Z Sys/Comp[frame] [thread] NOTICE: both",
            "2024-03-05 10:11:12 UTC Sys/Comp[fr]ame] INFO: odd frame",
            "2024-03-05 10:11:12 UTC Sys/Comp [t h r] CRITICAL: spaces in thread",
            "2024-03-05 10:11:12 UTC Sys/Comp  [x] INFO: two spaces before a bracket",
            "2024-03-05 10:11:12 UTC Sys/Comp VERB:",
            "2024-03-05 10:11:12 UTC Sys/Cömp INFO: non-ASCII logger",
            "2024-13-05 10:11:12 UTC Sys/Comp INFO: month 13",
            "2024-03-05 24:11:12 UTC Sys/Comp INFO: hour 24",
            "2024-03-05T10:11:12,1234567890Z Sys/Comp INFO: ten fraction digits",
            "2024-03-05 10:11:12 UTC /Sys INFO: leading slash",
            "2024-03-05 10:11:12 UTC Sys//Comp INFO: double slash",
            "2024-03-05 10:11:12 UTC Sys/ INFO: trailing slash",
            "2024-03-05 10:11:12 UTC Sys/Comp DEBUGGING: unknown level");

    @Test
    void agreesWithTheRegexOnEveryShape() {
        int answered = 0;
        for (String line : LINES) {
            answered += agree(line.getBytes(StandardCharsets.UTF_8)) ? 1 : 0;
        }
        assertThat(answered).as("the common shapes are read without the regex").isGreaterThanOrEqualTo(9);
    }

    @Test
    void agreesWithTheRegexOnRandomlyMutatedLines() {
        SplittableRandom random = new SplittableRandom(42);
        int answered = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] b = LINES.get(random.nextInt(LINES.size())).getBytes(StandardCharsets.UTF_8);
            for (int k = 1 + random.nextInt(2); k > 0; k--) {
                b = mutate(b, random);
            }
            answered += agree(b) ? 1 : 0;
        }
        assertThat(answered).isGreaterThan(1_000);
    }

    @Test
    void isoTimestampsKeepTheFractionTheLineHas() {
        byte[] v8 = "2016-05-12 09:41:02 UTC".getBytes(StandardCharsets.US_ASCII);
        byte[] v9 = "2024-03-05T10:11:12,123456Z".getBytes(StandardCharsets.US_ASCII);
        assertThat(DiracPrefix.toIso(v8, 0, v8.length)).isEqualTo("2016-05-12T09:41:02Z");
        assertThat(DiracPrefix.toIso(v9, 0, v9.length)).isEqualTo("2024-03-05T10:11:12.123456Z");
    }

    /** True when the reader answered (and then it agreed with the regex); false when it left it to the regex. */
    private static boolean agree(byte[] b) {
        DiracPrefix.Spans spans = DiracPrefix.read(b, 0, b.length);
        if (spans == null) {
            return false;
        }
        String line = new String(b, StandardCharsets.UTF_8);
        GrokMatch m = REGEX.match(b, 0, b.length);
        assertThat(m).as("regex must match what the reader read: %s", line).isNotNull();
        assertThat(spans.end).as(line).isEqualTo(m.end());
        assertThat(text(b, 0, spans.timestampEnd)).as(line).isEqualTo(m.get("dirac.timestamp"));
        assertThat(text(b, spans.loggerStart, spans.loggerEnd)).as(line).isEqualTo(m.get("dirac.logger"));
        assertThat(spans.frameStart < 0 ? null : text(b, spans.frameStart, spans.frameEnd)).as(line).isEqualTo(m.get("dirac.frame"));
        assertThat(spans.threadStart < 0 ? null : text(b, spans.threadStart, spans.threadEnd)).as(line).isEqualTo(m.get("dirac.thread"));
        assertThat(spans.level).as(line).isEqualTo(m.get("log.level"));
        return true;
    }

    private static String text(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    private static final byte[] ALPHABET = " []/:.,-_TZUC0123456789AaINFOERW\u00e9".getBytes(StandardCharsets.UTF_8);

    private static byte[] mutate(byte[] b, SplittableRandom random) {
        return ByteMutations.mutate(b, random, ALPHABET, 70);
    }
}
