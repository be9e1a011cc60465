package io.wharf.parser.dirac;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.grok.Grok;
import io.wharf.grok.GrokCompiler;
import io.wharf.grok.GrokMatch;
import io.wharf.grok.PatternLibrary;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written DISET reader must never disagree with the DIRAC_DISET_QUERY and
 * DIRAC_DISET_RESPONSE patterns: whenever it answers, the pattern of that kind matches and
 * writes exactly the same fields. Checked on every caller shape and on thousands of randomly
 * mutated messages.
 */
class DisetRequestTest {
    private static final GrokCompiler COMPILER = new GrokCompiler(PatternLibrary.builtin());
    private static final Grok QUERY = COMPILER.compile("%{DIRAC_DISET_QUERY}");
    private static final Grok RESPONSE = COMPILER.compile("%{DIRAC_DISET_RESPONSE}");
    private static final List<String> MESSAGES = List.of(
            "Executing action (188.185.1.2:51234)[lhcb_user:jdoe] RPC/getJobStatus(<masked>)",
            "Executing action ([2001:db8::7]:40000)[lhcb_prod:prod] FileTransfer/toClient(<masked>)",
            "Executing action (10.0.0.5:6000) Connection/new(<masked>)",
            "Executing action (10.0.0.6:6001)[hosts:lbvobox101.cern.ch] Message/putRequest(<masked>)",
            "Executing action (10.0.0.6:6001)[hosts:lbvobox101.cern.ch] Message/putRequest",
            "Executing action (10.0.0.6:6001)[:] RPC/ping()",
            "Executing action (255.250.199.9:1)[a]b:c]d] RPC/x.y-z(a(b)c)",
            "Executing action (lxplus.cern.ch:1234)[g:u] RPC/ping(x)",
            "Executing action (256.1.1.1:1)[g:u] RPC/ping(x)",
            "Executing action (1.2.3.4:0)[g:u] RPC/ping(x)",
            "Executing action (1.2.3.4:99999999999)[g:u] RPC/ping(x)",
            "Executing action (1.2.3.4:80)[g:u] RPC/ping(x) trailing",
            "Returning response (188.185.1.2:51234)[lhcb_user:jdoe] (0.12 secs) OK",
            "Returning response (188.185.1.2:51235)[lhcb_user:jdoe] (1.50 secs) ERROR: Job 42 does not exist",
            "Returning response ([::1]:51235) (12 secs) ERROR:",
            "Returning response (1.2.3.4:5)[hosts:h.example.org] (12. secs) ERROR:\tJob",
            "Returning response (1.2.3.4:5)[g:u] (3.0 secs) OKAY whatever",
            "Returning response (1.2.3.4:5)[g:u] (3.0 secs) ERRORS: x",
            "Returning response (1.2.3.4:5)[g:u] (3.0 secs) OK: ünïcode",
            "Returning response (1.2.3.4:5)[g:u] WorkloadManagement/JobMonitoring (12.34 ms) OK");

    @Test
    void agreesWithThePatternsOnEveryShape() {
        int answered = 0;
        for (String message : MESSAGES) {
            answered += agree(message.getBytes(StandardCharsets.UTF_8)) ? 1 : 0;
        }
        assertThat(answered).as("the shapes DIRAC writes are read without the regex").isGreaterThanOrEqualTo(10);
    }

    @Test
    void agreesWithThePatternsOnRandomlyMutatedMessages() {
        SplittableRandom random = new SplittableRandom(7);
        int answered = 0;
        for (int n = 0; n < 30_000; n++) {
            byte[] b = MESSAGES.get(random.nextInt(MESSAGES.size())).getBytes(StandardCharsets.UTF_8);
            for (int k = 1 + random.nextInt(2); k > 0; k--) {
                b = mutate(b, random);
            }
            answered += agree(b) ? 1 : 0;
        }
        assertThat(answered).isGreaterThan(2_000);
    }

    private static boolean agree(byte[] b) {
        DisetRequest request = DisetRequest.read(b, 0, b.length);
        if (request == null) {
            return false;
        }
        String text = new String(b, StandardCharsets.UTF_8);
        Grok pattern = request.kind() == RequestKind.DISET_QUERY ? QUERY : RESPONSE;
        GrokMatch m = pattern.match(b, 0, b.length);
        assertThat(m).as("the pattern must match what the reader read: %s", text).isNotNull();
        Map<String, Object> expected = new LinkedHashMap<>();
        m.writeTo(expected, false);
        Map<String, Object> actual = new LinkedHashMap<>();
        request.writeTo(actual, b);
        assertThat(actual).as(text).isEqualTo(expected);
        assertThat(actual.toString()).as("same order of fields: %s", text).isEqualTo(expected.toString());
        return true;
    }

    private static final byte[] ALPHABET = " []()/:.,-_0123456789ROKE\u00fc\tsecRPC".getBytes(StandardCharsets.UTF_8);

    private static byte[] mutate(byte[] b, SplittableRandom random) {
        return ByteMutations.mutate(b, random, ALPHABET, Integer.MAX_VALUE);
    }
}
