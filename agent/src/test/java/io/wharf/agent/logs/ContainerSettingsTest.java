package io.wharf.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.agent.AgentConfig;
import io.wharf.agent.docker.ContainerInfo;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigLoader;
import io.wharf.core.event.LogEvent;
import io.wharf.core.pipeline.Processor;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ContainerSettingsTest {
    static LogsConfig logs(String yaml) {
        return ConfigLoader.parse("agent.yml", yaml + "\noutputs: {stdout: {}}\n", AgentConfig.class, k -> null).logs();
    }

    static ContainerInfo container(String name, String image, Map<String, String> labels) {
        return new ContainerInfo("id-" + name, name, image, labels, Map.of(), List.of(), 1, "json-file", null, null, true, null, null);
    }

    @Test
    void firstMatchingRuleAppliesAndLabelsOverrideIt() {
        LogsConfig cfg = logs("""
                logs:
                  parser: none
                  rules:
                    - match: {image: "dirac/*"}
                      parser: dirac
                    - match: {name: "noisy-*"}
                      exclude: true
                    - match: {label: "team=grid*"}
                      multiline: {start: "^\\\\["}
                """);
        assertThat(ContainerSettings.resolve(cfg, container("web", "dirac/web:8", Map.of())))
                .extracting(ContainerSettings::parser, s -> s.multiline().type(), ContainerSettings::exclude)
                .containsExactly("dirac", "dirac", false);
        assertThat(ContainerSettings.resolve(cfg, container("noisy-1", "x", Map.of())).exclude()).isTrue();
        assertThat(ContainerSettings.resolve(cfg, container("noisy-2", "x", Map.of("wharf.exclude", "false"))).exclude()).isFalse();
        ContainerSettings grid = ContainerSettings.resolve(cfg, container("a", "x", Map.of("team", "grid-ops")));
        assertThat(grid.multiline().type()).isEqualTo("pattern");
        assertThat(grid.multiline().startsEvent().test("[INFO] x")).isTrue();
        assertThat(grid.multiline().startsEvent().test("  at y")).isFalse();
        assertThat(ContainerSettings.resolve(cfg, container("b", "dirac/web", Map.of("wharf.parser", "none"))).parser()).isEqualTo("none");
        ContainerSettings labelled = ContainerSettings.resolve(cfg, container("c", "x",
                Map.of("wharf.multiline.continue", "^\\s", "wharf.multiline.max_lines", "50")));
        assertThat(labelled.multiline().maxLines()).isEqualTo(50);
        assertThat(labelled.multiline().startsEvent().test("  continued")).isFalse();
    }

    @Test
    void badLabelsAreIgnoredNotFatal() {
        LogsConfig cfg = logs("logs: {parser: none}");
        ContainerSettings s = ContainerSettings.resolve(cfg, container("c", "x", Map.of("wharf.parser", "nope", "wharf.multiline.start", "([")));
        assertThat(s.parser()).isEqualTo("none");
        assertThat(s.multiline().type()).isEqualTo("none");
    }

    @Test
    void badConfigurationNamesTheKey() {
        Assertions.assertThatThrownBy(() -> logs("""
                logs:
                  rules:
                    - match: {}
                      parser: dirac
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("logs.rules[0].match");
        Assertions.assertThatThrownBy(() -> logs("logs: {multiline: {type: pattern, start: \"([\"}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("logs.multiline.start");
    }

    static final String NGINX_GROK = """
            logs:
              parser: dirac
              grok:
                nginx:
                  patterns: ['%{IPORHOST:source.address} - %{USER:user.name} \\[%{HTTPDATE:nginx.time}\\] "%{WORD:http.request.method} %{NOTSPACE:url.original} HTTP/%{NUMBER:http.version}" %{INT:http.response.status_code:int} %{INT:http.response.body.bytes:long}']
              rules:
                - match: {image: "nginx*"}
                  parser: nginx
            """;

    @Test
    void aGrokParserDefinedInTheConfigurationIsUsedByRulesAndLabels() {
        LogsConfig cfg = logs(NGINX_GROK);
        assertThat(ContainerSettings.resolve(cfg, container("web", "nginx:1.27", Map.of())).parser()).isEqualTo("nginx");
        assertThat(ContainerSettings.resolve(cfg, container("proxy", "haproxy", Map.of("wharf.parser", "nginx"))).parser())
                .isEqualTo("nginx");
        assertThat(ContainerSettings.resolve(cfg, container("svc", "dirac/fc", Map.of())).parser()).isEqualTo("dirac");

        Processor nginx = cfg.parsers().create("nginx");
        LogEvent hit = LogEvent.ofMessage("10.0.0.7 - alice [21/Nov/2026:10:00:00 +0000] \"GET /jobs?id=4 HTTP/1.1\" 404 512");
        nginx.process(hit);
        assertThat(hit.get("source.address")).isEqualTo("10.0.0.7");
        assertThat(hit.get("http.request.method")).isEqualTo("GET");
        assertThat(hit.get("http.response.status_code")).isEqualTo(404);
        assertThat(hit.get("http.response.body.bytes")).isEqualTo(512L);
        LogEvent miss = LogEvent.ofMessage("not an access log line");
        nginx.process(miss);
        assertThat(miss.get("message")).isEqualTo("not an access log line");
        assertThat(miss.tags()).contains("_grokparsefailure");
    }

    @Test
    void grokMistakesNameTheFileLineAndKey() {
        Assertions.assertThatThrownBy(() -> logs("""
                logs:
                  grok:
                    app:
                      patterns: ['%{NO_SUCH_PATTERN:x}']
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent.yml:4")
                .hasMessageContaining("logs.grok.app.patterns[0]")
                .hasMessageContaining("NO_SUCH_PATTERN");
        Assertions.assertThatThrownBy(() -> logs("""
                logs:
                  rules:
                    - match: {image: "x*"}
                      parser: nginx
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("logs.rules[0].parser")
                .hasMessageContaining("unknown parser 'nginx' (known: none, dirac)");
        Assertions.assertThatThrownBy(() -> logs("""
                logs:
                  grok:
                    dirac:
                      patterns: ['%{GREEDYDATA:x}']
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("logs.grok.dirac")
                .hasMessageContaining("built-in parser");
    }
}
