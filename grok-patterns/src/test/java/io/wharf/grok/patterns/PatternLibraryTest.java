package io.wharf.grok.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.grok.Grok;
import io.wharf.grok.GrokCompiler;
import io.wharf.grok.PatternLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every pattern of the library, against lines it must match and lines it must not (pattern-cases.txt). */
class PatternLibraryTest {
    private static final PatternLibrary LIBRARY = PatternLibrary.builtin();
    private static final GrokCompiler COMPILER = new GrokCompiler(LIBRARY);

    record Case(String pattern, boolean shouldMatch, String line) {
    }

    static Map<String, List<Case>> cases() throws IOException {
        Map<String, List<Case>> cases = new LinkedHashMap<>();
        try (InputStream in = PatternLibraryTest.class.getResourceAsStream("/pattern-cases.txt")) {
            String current = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("+ ") || line.startsWith("- ") || line.equals("+") || line.equals("-")) {
                    String text = line.length() > 2 ? line.substring(2) : "";
                    cases.get(current).add(new Case(current, line.charAt(0) == '+', text));
                } else {
                    current = line.trim();
                    cases.put(current, new ArrayList<>());
                }
            }
        }
        return cases;
    }

    @Test
    void everyPatternHasLinesItMustMatchAndLinesItMustNot() throws IOException {
        Map<String, List<Case>> cases = cases();
        assertThat(cases.keySet()).containsAll(LIBRARY.names());
        for (String name : LIBRARY.names()) {
            List<Case> own = cases.get(name);
            assertThat(own).as(name).anyMatch(Case::shouldMatch);
            if (!name.equals("DATA") && !name.equals("GREEDYDATA")) {
                assertThat(own).as(name + " needs a line it must not match").anyMatch(c -> !c.shouldMatch());
            }
        }
    }

    @Test
    void theNamesUsersRelyOnAreThere() {
        assertThat(LIBRARY.names()).contains("USERNAME", "USER", "INT", "BASE10NUM", "NUMBER", "POSINT", "NONNEGINT",
                "WORD", "NOTSPACE", "SPACE", "DATA", "GREEDYDATA", "QUOTEDSTRING", "UUID", "MAC", "IPV4", "IPV6", "IP",
                "HOSTNAME", "IPORHOST", "HOSTPORT", "PATH", "UNIXPATH", "URIPROTO", "URIHOST", "URIPATH", "URIPARAM",
                "URIPATHPARAM", "URI", "MONTH", "MONTHNUM", "MONTHDAY", "DAY", "YEAR", "HOUR", "MINUTE", "SECOND", "TIME",
                "DATE_US", "DATE_EU", "ISO8601_TIMEZONE", "TIMESTAMP_ISO8601", "DATESTAMP", "HTTPDATE", "SYSLOGTIMESTAMP",
                "SYSLOGHOST", "SYSLOGPROG", "SYSLOGBASE", "LOGLEVEL", "COMMONAPACHELOG", "COMBINEDAPACHELOG",
                "JAVASTACKTRACEPART");
    }

    @TestFactory
    Stream<DynamicTest> eachPatternMatchesWhatItShouldAndNothingElse() throws IOException {
        return cases().values().stream().flatMap(List::stream).map(c -> DynamicTest.dynamicTest(
                c.pattern() + (c.shouldMatch() ? " matches " : " refuses ") + "'" + c.line() + "'", () -> {
                    Grok grok = COMPILER.compile("^%{" + c.pattern() + "}$");
                    assertThat(grok.captures(c.line()) != null).as(grok.regex()).isEqualTo(c.shouldMatch());
                }));
    }

    @Test
    void apacheCombinedLogGivesEcsFields() {
        Grok grok = COMPILER.compile("%{COMBINEDAPACHELOG}");
        Map<String, Object> f = grok.captures("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08\"");
        assertThat(f).containsEntry("source", Map.of("address", "127.0.0.1"))
                .containsEntry("timestamp", "10/Oct/2000:13:55:36 -0700");
        assertThat(f.get("http")).isEqualTo(Map.of(
                "request", Map.of("method", "GET", "referrer", "http://www.example.com/start.html"),
                "version", "1.0",
                "response", Map.of("status_code", 200, "body", Map.of("bytes", 2326L))));
        assertThat(f).containsEntry("user", Map.of("name", "frank"))
                .containsEntry("url", Map.of("original", "/apache_pb.gif"))
                .containsEntry("user_agent", Map.of("original", "Mozilla/4.08"));
    }

    @Test
    void syslogBaseGivesProcessFields() {
        Map<String, Object> f = COMPILER.compile("%{SYSLOGBASE} %{GREEDYDATA:message}")
                .captures("Jan  5 09:41:02 lbvobox101 sshd[1234]: Accepted publickey for dirac");
        assertThat(f).containsEntry("process", Map.of("name", "sshd", "pid", 1234))
                .containsEntry("host", Map.of("hostname", "lbvobox101"))
                .containsEntry("message", "Accepted publickey for dirac");
    }

    @Test
    void usersAddTheirOwnFilesFromADirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mine"), "# my service\nJOBID job-%{INT}\nMYLINE %{JOBID:job.id} %{LOGLEVEL:log.level}\n");
        PatternLibrary lib = PatternLibrary.builtin().addDirectory(dir);
        assertThat(new GrokCompiler(lib).compile("%{MYLINE}").captures("job-42 ERROR"))
                .isEqualTo(Map.of("job", Map.of("id", "job-42"), "log", Map.of("level", "ERROR")));
    }
}
