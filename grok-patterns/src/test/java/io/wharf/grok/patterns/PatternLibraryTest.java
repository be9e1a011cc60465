package io.wharf.grok.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.grok.EcsCompatibility;
import io.wharf.grok.Grok;
import io.wharf.grok.GrokCompiler;
import io.wharf.grok.PatternLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every pattern of both sets, against lines it must match and lines it must not (pattern-cases.txt). */
class PatternLibraryTest {
    /** Patterns that match any text, so no line can be refused. */
    private static final Set<String> MATCH_ANYTHING = Set.of("DATA", "GREEDYDATA", "SPACE", "JAVALOGMESSAGE", "CISCO_REASON",
            "EXIM_QT", "IPTABLES_TCP_FLAGS", "IPTABLES4_FRAG", "HAPROXYCAPTUREDREQUESTHEADERS", "HAPROXYCAPTUREDRESPONSEHEADERS",
            "URIQUERY", "RAILS3PROFILE", "EXIM_NAMED_FIELDS",
            // legacy only: "(?:... |%{DATA:rawrequest})" takes anything
            "S3_REQUEST_LINE", "ELB_REQUEST_LINE");

    /** {@code anywhere}: the pattern is searched in the line instead of having to match all of it. */
    record Case(String pattern, String set, boolean shouldMatch, boolean anywhere, String line) {
        boolean appliesTo(EcsCompatibility ecs) {
            return set == null || set.equals(ecs.directory());
        }
    }

    static Map<String, List<Case>> cases() throws IOException {
        Map<String, List<Case>> cases = new LinkedHashMap<>();
        try (InputStream in = PatternLibraryTest.class.getResourceAsStream("/pattern-cases.txt")) {
            String current = null;
            String set = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("+~ ")) {
                    cases.get(current).add(new Case(current, set, true, true, unescape(line.substring(3))));
                } else if (line.startsWith("+ ") || line.startsWith("- ") || line.equals("+") || line.equals("-")) {
                    String text = line.length() > 2 ? unescape(line.substring(2)) : "";
                    cases.get(current).add(new Case(current, set, line.charAt(0) == '+', false, text));
                } else {
                    String[] header = line.trim().split(" @", 2);
                    current = header[0];
                    set = header.length > 1 ? header[1] : null;
                    cases.computeIfAbsent(current, k -> new ArrayList<>());
                }
            }
        }
        return cases;
    }

    private static String unescape(String text) {
        return text.replace("\\t", "\t").replace("\\n", "\n");
    }

    @Test
    void everyPatternOfBothSetsHasLinesItMustMatchAndLinesItMustNot() throws IOException {
        Map<String, List<Case>> cases = cases();
        Set<String> known = new HashSet<>();
        for (EcsCompatibility ecs : EcsCompatibility.values()) {
            PatternLibrary library = PatternLibrary.builtin(ecs);
            known.addAll(library.names());
            for (String name : library.names()) {
                if (ecs == EcsCompatibility.V1 && LibraryCompilesTest.BROKEN_IN_LOGSTASH_TOO.contains(name)) {
                    continue;
                }
                List<Case> own = cases.getOrDefault(name, List.of()).stream().filter(c -> c.appliesTo(ecs)).toList();
                assertThat(own).as(ecs + " " + name + " needs a line it must match").anyMatch(Case::shouldMatch);
                if (!MATCH_ANYTHING.contains(name)) {
                    assertThat(own).as(ecs + " " + name + " needs a line it must not match").anyMatch(c -> !c.shouldMatch());
                }
            }
        }
        assertThat(known).as("cases for patterns no set has").containsAll(cases.keySet());
    }

    @Test
    void theNamesLogstashUsersRelyOnAreThereInBothSets() {
        for (EcsCompatibility ecs : EcsCompatibility.values()) {
            assertThat(PatternLibrary.builtin(ecs).names()).as(ecs.toString()).contains("SYSLOGLINE", "SYSLOGBASE", "SYSLOG5424LINE",
                    "HTTPD_COMBINEDLOG", "HTTPD_COMMONLOG", "HTTPD_ERRORLOG", "COMBINEDAPACHELOG", "CISCO_TAGGED_SYSLOG",
                    "CISCOFW106023", "RT_FLOW1", "BRO_HTTP", "BRO_CONN", "HAPROXYHTTP", "HAPROXYTCP", "BACULA_LOGLINE", "REDISLOG",
                    "RUBY_LOGGER", "SQUID3", "EXIM", "POSTGRESQL", "RAILS3", "MONGO3_LOG", "MCOLLECTIVE", "NAGIOSLOGLINE",
                    "S3_ACCESS_LOG", "ELB_ACCESS_LOG", "CLOUDFRONT_ACCESS_LOG", "BIND9", "MAVEN_VERSION", "JAVASTACKTRACEPART",
                    "TOMCATLOG", "CATALINALOG", "NETSCREENSESSIONLOG", "SHOREWALL", "SFW2");
        }
        assertThat(PatternLibrary.builtin(EcsCompatibility.V1).names()).contains("ZEEK_HTTP", "ZEEK_CONN", "IPTABLES", "BACULA_LOG");
    }

    @TestFactory
    Stream<DynamicTest> eachPatternMatchesWhatItShouldAndNothingElse() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (EcsCompatibility ecs : EcsCompatibility.values()) {
            PatternLibrary library = PatternLibrary.builtin(ecs);
            GrokCompiler compiler = new GrokCompiler(library);
            for (List<Case> own : cases().values()) {
                for (Case c : own) {
                    if (!c.appliesTo(ecs) || library.definition(c.pattern()) == null
                            || (ecs == EcsCompatibility.V1 && LibraryCompilesTest.BROKEN_IN_LOGSTASH_TOO.contains(c.pattern()))) {
                        continue;
                    }
                    tests.add(DynamicTest.dynamicTest(ecs + " " + c.pattern() + (c.shouldMatch() ? " matches " : " refuses ")
                            + "'" + c.line() + "'", () -> {
                        Grok grok = compiler.compile(c.anywhere() ? "%{" + c.pattern() + "}" : "^%{" + c.pattern() + "}$");
                        assertThat(grok.captures(c.line()) != null).as(ecs + " " + c).isEqualTo(c.shouldMatch());
                    }));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void usersAddTheirOwnFilesFromADirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mine"), "# my service\nJOBID job-%{INT}\nMYLINE %{JOBID:job.id} %{LOGLEVEL:log.level}\n");
        PatternLibrary lib = PatternLibrary.builtin().addDirectory(dir);
        assertThat(new GrokCompiler(lib).compile("%{MYLINE}").captures("job-42 ERROR"))
                .isEqualTo(Map.of("job", Map.of("id", "job-42"), "log", Map.of("level", "ERROR")));
    }

    @Test
    void aPatternFileLineKeepsItsTrailingSpacesAsLogstashReadsIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mine"), "  # indented comment\nENDS_IN_SPACE x \r\n");
        PatternLibrary lib = PatternLibrary.empty().addDirectory(dir);
        assertThat(lib.definition("ENDS_IN_SPACE")).isEqualTo("x ");
        assertThat(new GrokCompiler(lib).compile("^%{ENDS_IN_SPACE}$").captures("x")).isNull();
    }
}
