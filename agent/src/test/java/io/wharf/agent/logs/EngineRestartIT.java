package io.wharf.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.agent.Agent;
import io.wharf.agent.docker.PrivateDockerEngine;
import io.wharf.agent.docker.SocketCut;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent, in process, follows a private Docker engine that the test stops for real (SIGTERM
 * to dockerd) and starts again, while containers write numbered lines and rotate their logs.
 *
 * <p>Containers use {@code --restart always}, the engine runs without live-restore (Docker's
 * default): stopping dockerd stops every container and starting it starts them again. That is
 * the harder case for the agent (each container dies, its log is read to the end and its reader
 * dropped, then the same container and log file come back) and the common one on hosts. Each
 * container keeps its counter in its own file system, so its numbers go on where they stopped.
 * Every number from 1 to the last one in Docker's files must arrive once, in order. The agent
 * is kept away until Docker has rotated out and deleted (max-file=3) what the restarted
 * containers wrote meanwhile: the agent holds those files only because it kept following the
 * containers that stopped just before the engine went away.
 *
 * <p>The agent reaches the engine through {@link SocketCut}, a forwarding socket, only so that the
 * test can keep the agent from reconnecting for a moment after the engine is back: a container
 * started then, and one that starts and exits then, happen while the agent is away, as they
 * would when the agent's backoff is longer than the engine's restart. Both are collected.
 */
class EngineRestartIT {
    @TempDir
    Path tmp;

    /**
     * Counts on from the number kept in /n. SIGTERM (docker stop, dockerd stopping) only sets a
     * flag that the loop checks between lines, so a line is never half-counted: every number
     * printed is in /n, and the next run starts after it.
     */
    static String counter() {
        return "i=$(cat /n 2>/dev/null || echo 0); stop=; trap 'stop=1' TERM; "
                + "while [ -z \"$stop\" ]; do i=$((i+1)); echo $i; echo $i > /n; [ $((i % 10)) -eq 0 ] && usleep 2000; done";
    }

    @Test
    void collectionGoesOnAcrossARealDockerdRestart() throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        try (PrivateDockerEngine engine = new PrivateDockerEngine();
             SocketCut socket = new SocketCut(tmp.resolve("d.sock"), engine.dir().resolve("docker.sock"))) {
            engine.start();
            engine.loadImage();
            socket.up();
            AgentHarness harness = new AgentHarness(tmp, runId, "containers_dir: " + engine.containersDir(),
                    "docker:\n  host: " + socket.host() + "\n  reconnect_max: 1s\n");
            List<String> rotating = List.of("--label", "wharf.test=" + runId, "--log-opt", "max-size=100k", "--log-opt", "max-file=3");
            Map<String, String> counters = new LinkedHashMap<>();
            try (Agent agent = harness.start()) {
                for (String name : List.of("a", "b")) {
                    List<String> opts = new ArrayList<>(rotating);
                    opts.addAll(List.of("--name", "wr-" + name + "-" + runId, "--restart", "always"));
                    counters.put(name, engine.run(opts, counter()));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> counters.values().stream()
                        .allMatch(id -> AgentHarness.of(harness.events(), id).size() >= 2000));

                engine.stop();
                assertThat(engine.answers()).isFalse();
                int aAtStop = last(writtenByDocker(engine, counters.get("a")));
                int beforeRestart = harness.events().size();
                socket.down();
                engine.start();
                // Stay away until Docker has rotated out and deleted (max-file=3) what "a" wrote since it came back.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> last(writtenByDocker(engine, counters.get("a"))) > aAtStop + 4 * 1400);
                // Still away: one container starts, another starts and exits.
                List<String> lateOpts = new ArrayList<>(rotating);
                lateOpts.addAll(List.of("--name", "wr-late-" + runId, "--restart", "always"));
                counters.put("late", engine.run(lateOpts, counter()));
                String brief = engine.run(List.of("--label", "wharf.test=" + runId, "--name", "wr-brief-" + runId), "seq 1 3000");
                await().atMost(Duration.ofSeconds(30)).until(() -> engine.docker("inspect", "-f", "{{.State.Status}}", brief).trim().equals("exited"));
                assertThat(agent.containers().find(counters.get("late"))).as("not seen before the agent reconnects").isEmpty();
                socket.up();

                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    List<JsonNode> events = harness.events();
                    return counters.values().stream().allMatch(id -> AgentHarness.of(events, id).size() >= 2000)
                            && AgentHarness.of(events, counters.get("a")).size() >= beforeRestart / 2 + 2000;
                });
                for (String id : counters.values()) {
                    engine.docker("stop", "-t", "30", id);
                }
                // The ground truth: every number up to the last one in Docker's files (the counters never skip one).
                Map<String, List<Integer>> written = new LinkedHashMap<>();
                for (var c : counters.entrySet()) {
                    written.put(c.getKey(), LogCollectionIT.range(last(writtenByDocker(engine, c.getValue()))));
                }
                try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        List<JsonNode> events = harness.events();
                        return counters.entrySet().stream().allMatch(c -> AgentHarness.of(events, c.getValue()).size() >= written.get(c.getKey()).size())
                                && AgentHarness.of(events, brief).size() >= 3000;
                    });
                } finally {
                    List<JsonNode> events = harness.events();
                    for (var c : counters.entrySet()) {
                        List<Integer> expected = written.get(c.getKey());
                        List<Integer> got = LogCollectionIT.numbers(AgentHarness.of(events, c.getValue()));
                        System.out.printf("RESTART container %s: %d lines delivered of %d, not delivered %s%n", c.getKey(), got.size(),
                                expected.size(), ranges(expected, new java.util.TreeSet<>(got)));
                    }
                }
                List<JsonNode> events = harness.events();
                for (var c : counters.entrySet()) {
                    List<JsonNode> mine = AgentHarness.of(events, c.getValue());
                    List<Integer> delivered = LogCollectionIT.numbers(dedupById(mine));
                    assertThat(delivered).as("container %s, after _id dedup: every number, in order", c.getKey())
                            .isEqualTo(written.get(c.getKey()));
                    assertThat(mine).as("container %s: no line sent twice, even with another id", c.getKey()).hasSameSizeAs(delivered);
                }
                assertThat(LogCollectionIT.numbers(AgentHarness.of(events, brief))).isEqualTo(LogCollectionIT.range(3000));
                // The first two really lived through the restart: lines before and after it, from several rotated files.
                for (String name : List.of("a", "b")) {
                    List<JsonNode> mine = AgentHarness.of(events, counters.get(name));
                    assertThat(AgentHarness.files(mine)).isGreaterThan(2);
                }
            } finally {
                if (Files.exists(engine.dir().resolve("dockerd.log"))) {
                    engine.log().lines().filter(l -> l.contains("level=error") || l.contains("level=fatal"))
                            .forEach(l -> System.out.println("private dockerd: " + l));
                }
            }
        }
    }

    /** The numbers in Docker's json-file logs of the container (those not deleted yet), oldest file first. */
    private static List<Integer> writtenByDocker(PrivateDockerEngine engine, String id) throws Exception {
        List<Integer> numbers = new ArrayList<>();
        for (Path f : FileTailer.rotationSet(engine.containersDir().resolve(id).resolve(id + "-json.log"))) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f);
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // rotated out and deleted meanwhile
            }
            for (String line : lines) {
                String text = io.wharf.core.json.Json.MAPPER.readTree(line).path("log").asText().trim();
                if (text.matches("\\d+")) {
                    numbers.add(Integer.parseInt(text));
                }
            }
        }
        return numbers;
    }

    private static int last(List<Integer> numbers) {
        return numbers.isEmpty() ? 0 : numbers.get(numbers.size() - 1);
    }

    /** The numbers of {@code all} missing from {@code seen}, as ranges (at most 5). */
    private static List<String> ranges(List<Integer> all, java.util.Set<Integer> seen) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.size() && out.size() < 5; i++) {
            if (!seen.contains(all.get(i))) {
                int from = all.get(i);
                while (i + 1 < all.size() && !seen.contains(all.get(i + 1))) {
                    i++;
                }
                out.add(from == all.get(i) ? "" + from : from + "-" + all.get(i));
            }
        }
        return out;
    }

    /** One document per event id, as Elasticsearch keeps them ({@code op_type: create}). */
    private static List<JsonNode> dedupById(List<JsonNode> events) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode e : events) {
            byId.putIfAbsent(AgentHarness.eventId(e), e);
        }
        return new ArrayList<>(byId.values());
    }
}
