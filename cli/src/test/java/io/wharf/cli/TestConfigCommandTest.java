package io.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wharf test config} on each kind of file the jar reads: told by its keys, or by --shipper / --autoscaler. */
class TestConfigCommandTest {
    private static final String SHIPPER_YML = """
            kafka:
              bootstrap_servers: ["kafka1:9092"]
            group_id: wharf-shipper
            outputs:
              elasticsearch: {hosts: ["http://es:9200"]}
            """;

    @TempDir
    Path tmp;

    private record Run(int code, String out) {
    }

    private Run run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    private Path file(String name, String yaml) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void aShipperConfigurationIsToldByItsKeysAndValidatedAsOne() throws Exception {
        Path shipper = file("shipper.yml", SHIPPER_YML);
        Run r = run("test", "config", "-c", shipper.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("Config OK: " + shipper + " (shipper)");

        assertThat(run("test", "config", "--shipper", shipper.toString()).out()).contains("Config OK: " + shipper + " (shipper)");
    }

    @Test
    void anErrorInAShipperConfigurationNamesFileLineAndKey() throws Exception {
        Path shipper = file("shipper.yml", SHIPPER_YML + "max_poll_records: 0\n");
        Run r = run("test", "config", "-c", shipper.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains(shipper + ":6: max_poll_records: must be positive").doesNotContain("unknown key 'kafka'");
    }

    @Test
    void anAutoscalerConfigurationIsToldByItsKeys() throws Exception {
        Path example = file("autoscaler.yml", """
                interval: 30s
                influxdb: {url: "http://127.0.0.1:8086", database: wharf}
                orchestrators:
                  swarm: {docker_host: "unix:///var/run/docker.sock"}
                policies:
                  - service: web
                    min_instances: 1
                    max_instances: 4
                    metrics:
                      - {type: cpu_percent, target: 60}
                """);
        Run r = run("test", "config", "-c", example.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("(autoscaler)");
        assertThat(run("test", "config", "--autoscaler", example.toString()).code()).isZero();
    }

    @Test
    void anAgentConfigurationStaysOneAndItsUnknownKeysAreStillNamed() throws Exception {
        Path agent = file("agent.yml", "http:\n  host: 127.0.0.1\noutputs:\n  stdout: {}\n");
        Run ok = run("test", "config", "-c", agent.toString());
        assertThat(ok.code()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("(agent)");

        Path typo = file("typo.yml", "http:\n  host: 127.0.0.1\nloggs: {}\noutputs:\n  stdout: {}\n");
        Run bad = run("test", "config", "-c", typo.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out()).contains(typo + ":3: loggs: unknown key 'loggs'");
    }
}
