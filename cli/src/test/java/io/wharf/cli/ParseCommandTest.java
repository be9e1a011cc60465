package io.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {

    private record Run(int exit, List<JsonNode> events, String stderr) {
    }

    private static synchronized Run run(InputStream stdin, String... args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            System.setIn(stdin);
            int exit = Main.run(args);
            List<JsonNode> events = new ArrayList<>();
            for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    events.add(Json.MAPPER.readTree(line));
                }
            }
            return new Run(exit, events, stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
    }

    private static Path sample() throws Exception {
        return Path.of(ParseCommandTest.class.getResource("/dirac-sample.log").toURI());
    }

    @Test
    void parsesADiracFileIntoOneJsonEventPerEventWithTracebacksJoined() throws Exception {
        Run run = run(InputStream.nullInputStream(), "parse", "--parser", "dirac", "--stats", sample().toString());
        assertThat(run.exit()).isZero();
        assertThat(run.events()).hasSize(7);
        JsonNode other = run.events().get(0);
        assertThat(other.at("/message").asText()).isEqualTo("this line is not DIRAC at all");
        assertThat(other.at("/tags/0").asText()).isEqualTo("_grokparsefailure");
        run.events().remove(0);
        JsonNode old = run.events().get(0);
        assertThat(old.at("/@timestamp").asText()).isEqualTo("2016-05-12T09:41:02Z");
        assertThat(old.at("/dirac/component").asText()).isEqualTo("WorkloadManagement/JobAgent");
        JsonNode query = run.events().get(1);
        assertThat(query.at("/dirac/request/kind").asText()).isEqualTo("query");
        assertThat(query.at("/dirac/request/method").asText()).isEqualTo("getJobStatus");
        assertThat(query.at("/dirac/thread").asText()).isEqualTo("140001");
        JsonNode response = run.events().get(2);
        assertThat(response.at("/event/duration").asLong()).isEqualTo(120_000_000L);
        assertThat(response.at("/client/port").asInt()).isEqualTo(51234);
        // Joined with its "Executing action" line, as the agent does.
        assertThat(response.at("/dirac/request/method").asText()).isEqualTo("getJobStatus");
        assertThat(response.at("/dirac/request/type").asText()).isEqualTo("RPC");
        JsonNode error = run.events().get(3);
        assertThat(error.at("/message").asText()).isEqualTo("Failed to connect");
        assertThat(error.at("/error/stack_trace").asText()).startsWith("Traceback (most recent call last):").contains("OperationalError");
        assertThat(run.events().get(4).at("/dirac/request/type").asText()).isEqualTo("tornado");
        JsonNode json = run.events().get(5);
        assertThat(json.at("/dirac/agent/cycle_seconds").asDouble()).isEqualTo(3.5);

        assertThat(run.stderr()).contains("events: 7, with a failure tag: 1").contains("no pattern matched: 1")
                .contains("DIRAC_PREFIX").contains("DIRAC_DISET_QUERY");
    }

    @Test
    void grokPatternOnStdinWithPatternsDirAndStats(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mine"), "JOBID job-%{INT}\n");
        String input = "job-1 ok\nnot a job\njob-22 failed\n";
        Run run = run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                "parse", "--pattern", "^%{JOBID:job.id} %{WORD:status}$", "--patterns-dir", dir.toString(), "--stats");
        assertThat(run.exit()).isZero();
        assertThat(run.events()).hasSize(3);
        assertThat(run.events().get(0).at("/job/id").asText()).isEqualTo("job-1");
        assertThat(run.events().get(0).at("/status").asText()).isEqualTo("ok");
        assertThat(run.events().get(1).at("/tags/0").asText()).isEqualTo("_grokparsefailure");
        assertThat(run.events().get(2).at("/status").asText()).isEqualTo("failed");
        assertThat(run.stderr()).contains("no pattern matched: 1").contains("^%{JOBID:job.id} %{WORD:status}$");
        assertThat(run.stderr()).containsPattern("2\\s+3\\s+0\\s+");
    }

    @Test
    void invalidUtf8InputIsKeptAsText() throws Exception {
        byte[] input = {'a', (byte) 0xC3, (byte) 0x28, ' ', 'b', '\n'};
        Run run = run(new ByteArrayInputStream(input), "parse", "--parser", "dirac");
        assertThat(run.exit()).isZero();
        assertThat(run.events()).hasSize(1);
        assertThat(run.events().get(0).at("/message").asText()).isEqualTo("a\uFFFD( b");
        assertThat(run.events().get(0).at("/tags/0").asText()).isEqualTo("_grokparsefailure");
    }

    @Test
    void aBadPatternIsAClearError() throws Exception {
        Run run = run(InputStream.nullInputStream(), "parse", "--pattern", "%{NOPE:x}");
        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("unknown pattern %{NOPE}");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).as("one line, no stack trace").doesNotContain("\tat ");
    }

    @Test
    void grokOptionsEmptyCapturesAllCapturesAndFailureTag() throws Exception {
        Run run = run(new java.io.ByteArrayInputStream("GET /x\nbroken\n".getBytes(StandardCharsets.UTF_8)), "parse",
                "--pattern", "%{WORD:method} %{NOTSPACE}(?: %{WORD:extra})?", "--keep-empty-captures", "--all-captures",
                "--tag-on-failure", "_not_http");
        assertThat(run.exit()).isZero();
        assertThat(run.events().get(0).at("/method").asText()).isEqualTo("GET");
        assertThat(run.events().get(0).at("/NOTSPACE").asText()).isEqualTo("/x");
        // Logstash's keep_empty_captures keeps a group that did not take part as nil (JSON null)
        assertThat(run.events().get(0).has("extra")).isTrue();
        assertThat(run.events().get(0).get("extra").isNull()).isTrue();
        assertThat(run.events().get(1).at("/tags/0").asText()).isEqualTo("_not_http");
    }
}
