package io.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.testkit.ElasticsearchCleanup;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wharf test output} against the real servers, and against a port where nothing listens. */
class OutputCommandIT {
    private final String ns = "cli" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() {
        ElasticsearchCleanup.deleteIndexTemplates(Stack.elasticsearchUrl(), "wharf-logs-" + ns);
    }

    private String run(String yaml, int expectedExit) throws Exception {
        Path config = tmp.resolve("agent.yml");
        Files.writeString(config, yaml);
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("test", "output", "-c", config.toString());
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(expectedExit);
        return text;
    }

    @Test
    void reachableServersPassAndAMissingDatabaseIsNamed() throws Exception {
        String text = run("""
                outputs:
                  elasticsearch: {hosts: ["%s"], data_stream_namespace: %s}
                  influxdb: {url: "%s", database: no_such_db_%s}
                """.formatted(Stack.elasticsearchUrl(), ns, Stack.influxUrl(), ns), 1);
        assertThat(text).contains("elasticsearch  install index template       OK: wharf-logs-" + ns)
                .containsPattern("influxdb +connect .* OK")
                .containsPattern("database no_such_db_" + ns + " +FAILED: does not exist \\(create it or set create_database: true\\)");
    }

    @Test
    void anUnreachableElasticsearchIsSaidInPlainWords() throws Exception {
        String text = run("""
                outputs:
                  elasticsearch: {hosts: ["http://127.0.0.1:1"], data_stream_namespace: %s}
                """.formatted(ns), 1);
        assertThat(text).contains("elasticsearch").contains("FAILED: cannot reach any host");
    }

    @Test
    void aShipperConfigurationIsToldByItsKeysAndItsInputTopicsAreCheckedToo() throws Exception {
        String text = run("""
                kafka:
                  bootstrap_servers: ["%s"]
                  logs_topic: no-such-topic-%s
                  metrics_topic: no-such-metrics-%s
                outputs:
                  elasticsearch: {hosts: ["%s"], data_stream_namespace: %s}
                """.formatted(Stack.kafkaBootstrap(), ns, ns, Stack.elasticsearchUrl(), ns), 1);
        assertThat(text).containsPattern("kafka input +connect " + Stack.kafkaBootstrap() + " +OK")
                .containsPattern("kafka input +topic no-such-topic-" + ns + " +FAILED: does not exist")
                .contains("elasticsearch  install index template       OK: wharf-logs-" + ns);
    }
}
