package io.wharf.agent.logs;

import static org.awaitility.Awaitility.await;

import io.wharf.agent.Agent;
import io.wharf.testkit.TestContainers;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: measures json-file tailing into the file output. A container writes
 * {@code wharf.bench.lines} numbered lines (default 1 000 000) and exits while the agent is stopped; then the agent starts
 * and reads the whole log. Reports lines per second and agent CPU seconds per million lines
 * (process CPU time of the agent's JVM while it collects, JIT and GC included).
 * Run: {@code mvn -B -q -pl agent -am verify -Dit.test=LogTailingBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
class LogTailingBenchmark {
    @TempDir
    Path tmp;

    @Test
    void jsonFileToFileOutput() throws Exception {
        int lines = Integer.getInteger("wharf.bench.lines", 1_000_000);
        try (TestContainers containers = new TestContainers()) {
            AgentHarness harness = new AgentHarness(tmp, containers.runId(), "");
            // A first run leaves a registry, so the next run collects what containers wrote meanwhile.
            harness.start().close();
            String id = containers.spec("bench", "seq 1 " + lines).start();
            await().atMost(Duration.ofMinutes(5)).until(() -> containers.exited(id));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            try (Agent agent = harness.start()) {
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                        .until(() -> harness.events().size() >= lines);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("BENCH logs json-file -> file: %d lines in %.2f s = %.0f lines/s; agent CPU %.2f s = %.2f CPU s per million lines%n",
                    lines, seconds, lines / seconds, cpu, cpu / (lines / 1e6));
        }
    }
}
