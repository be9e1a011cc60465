package io.wharf.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    record Output(List<String> hosts, Secret password, Duration flushInterval, ByteSize queueSize) implements Validated {
        @Override
        public void validate(Validation v) {
            v.check(hosts != null && !hosts.isEmpty(), "hosts", "must list at least one host");
        }
    }

    record Http(String host, Integer port) {
    }

    record Root(Http http, Map<String, Output> outputs, Map<String, String> properties) implements Validated {
        @Override
        public void validate(Validation v) {
            v.check(outputs != null, "outputs", "configure at least one output");
            if (outputs != null) {
                outputs.forEach((name, out) -> v.nested("outputs." + name, out));
            }
        }
    }

    private static Root parse(String yaml, Map<String, String> env) {
        return ConfigLoader.parse("agent.yml", yaml, Root.class, env::get);
    }

    @Test
    void bindsSnakeCaseKeysDurationsSizesAndEnvironment() {
        Root root = parse("""
                http:
                  host: 127.0.0.1
                  port: ${PORT:5066}
                outputs:
                  es:
                    hosts: [http://${ES_HOST}:9200]
                    password: ${ES_PASSWORD}
                    flush_interval: 250ms
                    queue_size: 64MiB
                """, Map.of("ES_HOST", "es1", "ES_PASSWORD", "hunter2"));
        assertThat(root.http().port()).isEqualTo(5066);
        Output es = root.outputs().get("es");
        assertThat(es.hosts()).containsExactly("http://es1:9200");
        assertThat(es.password().reveal()).isEqualTo("hunter2");
        assertThat(es.flushInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(es.queueSize().bytes()).isEqualTo(64L << 20);
    }

    @Test
    void showRedactsSecrets() {
        Root root = parse("outputs:\n  es:\n    hosts: [a]\n    password: ${P}\n", Map.of("P", "s3cr3t-value"));
        String shown = ConfigLoader.show(root);
        assertThat(shown).doesNotContain("s3cr3t-value").contains("password: <redacted>");
        assertThat(root.outputs().get("es").password().toString()).isEqualTo("<redacted>");
    }

    @Test
    void unknownKeyNamesFileLineAndKey() {
        assertThatThrownBy(() -> parse("http:\n  host: 127.0.0.1\n  prot: 80\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("agent.yml:3: http.prot: unknown key 'prot'")
                .hasMessageContaining("known keys: host, port");
    }

    @Test
    void badTypeNamesFileLineAndKey() {
        assertThatThrownBy(() -> parse("http:\n  port: eighty\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("agent.yml:2: http.port: expected an integer, got 'eighty'");
    }

    @Test
    void badDurationNamesTheKey() {
        assertThatThrownBy(() -> parse("outputs:\n  es:\n    hosts: [a]\n    flush_interval: soon\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("agent.yml:4: outputs.es.flush_interval: 'soon' is not a duration");
    }

    @Test
    void badYamlNamesLineAndColumn() {
        assertThatThrownBy(() -> parse("http:\n  host: [127.0.0.1\n  port: 1\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageMatching("agent.yml:\\d+: column \\d+: invalid YAML: .*");
    }

    @Test
    void validationProblemsAreLocated() {
        assertThatThrownBy(() -> parse("http:\n  port: 1\noutputs:\n  es:\n    hosts: []\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("agent.yml:5: outputs.es.hosts: must list at least one host");
    }

    @Test
    void missingEnvironmentVariableWithoutDefaultIsAnError() {
        assertThatThrownBy(() -> parse("http:\n  host: ${NOPE}\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("agent.yml:2: environment variable NOPE is not set");
    }

    @Test
    void secretFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "from-file\n");
        Root root = parse("outputs:\n  es:\n    hosts: [a]\n    password: {file: " + file + "}\n", Map.of());
        assertThat(root.outputs().get("es").password().reveal()).isEqualTo("from-file");
    }

    @Test
    void aKeyWrittenTwiceIsRefusedNamingBothLines() {
        assertThatThrownBy(() -> parse("outputs:\n  es:\n    hosts: [a]\nhttp:\n  port: 1\noutputs:\n  other:\n    hosts: [b]\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("agent.yml:6: outputs: duplicate key: also set at agent.yml:1");
        assertThatThrownBy(() -> parse("http:\n  port: 1\n  host: a\n  port: 2\noutputs: {}\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("agent.yml:4: http.port: duplicate key: also set at agent.yml:2");
        assertThatThrownBy(() -> parse("outputs: {es: {hosts: [a]}, es: {hosts: [b]}}\n", Map.of()))
                .hasMessageStartingWith("agent.yml:1: outputs.es: duplicate key: also set at agent.yml:1");
    }

    @Test
    void sameKeyInDifferentMappingsIsFine() {
        Root root = parse("outputs:\n  a: {hosts: [x]}\n  b: {hosts: [x]}\n", Map.of());
        assertThat(root.outputs()).containsOnlyKeys("a", "b");
    }

    @Test
    void invalidUtf8NamesLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.yml");
        Files.write(file, "outputs:\n  es:\n    hosts: [caf\u00e9]\n# caf".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.write(file, new byte[] {(byte) 0xe9, '\n'}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ConfigLoader.load(file, Root.class, k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":4: column 6: invalid UTF-8 (byte 0xE9); the file must be saved as UTF-8");
    }

    @Test
    void missingSectionSaysItIsMissingFromTheFile() {
        assertThatThrownBy(() -> parse("http:\n  port: 1\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("agent.yml: outputs: missing from the file: configure at least one output");
    }

    @Test
    void showRedactsSecretLookingKeysOfFreeFormMapsAndUrlPasswords() {
        Root root = parse("""
                outputs:
                  es:
                    hosts: ["http://wharf:pa55w0rd@es1:9200", "https://tok3n@es2:9200", "http://es3:9200"]
                properties:
                  ssl.key.password: kp4ss
                  sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="jp4ss";
                  SSL.TRUSTSTORE.PASSWORD: tp4ss
                  my_client_secret: cs3cret
                  oauth.token.endpoint.url: "http://idp/token"
                  client.id: wharf-agent
                """, Map.of());
        String shown = ConfigLoader.show(root);
        assertThat(shown).doesNotContain("pa55w0rd", "tok3n", "kp4ss", "jp4ss", "tp4ss", "cs3cret")
                .contains("http://wharf:<redacted>@es1:9200", "https://<redacted>@es2:9200", "http://es3:9200",
                        "ssl.key.password: <redacted>", "sasl.jaas.config: <redacted>", "client.id: wharf-agent");
        assertThat(root.properties()).as("the values themselves are untouched").containsEntry("ssl.key.password", "kp4ss");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yml"), Root.class))
                .hasMessage(dir.resolve("nope.yml") + ": no such file");
    }
}
