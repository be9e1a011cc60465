package io.wharf.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wharf.core.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the agent as its own JVM for tests that must {@code kill -9} it for real:
 * {@code java -cp <test classpath> io.wharf.agent.AgentProcessMain agent.yml}. The same as
 * {@code wharf agent -c agent.yml} without the CLI module (which depends on this one).
 */
public final class AgentProcessMain {
    private AgentProcessMain() {
    }

    /**
     * Starts the agent of {@code config} in its own JVM (the tests' classpath), its output in
     * {@code log}, and returns once it said it started; fails the test, with the log, if it died first.
     */
    public static Process launch(Path config, Path log, String description) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                AgentProcessMain.class.getName(), config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("AGENT STARTED") || !p.isAlive());
        assertThat(p.isAlive()).as("%s started; its log: %s", description, Files.readString(log)).isTrue();
        return p;
    }

    public static void main(String[] args) throws Exception {
        AgentConfig config = ConfigLoader.load(Path.of(args[0]), AgentConfig.class);
        Agent agent = Agent.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close));
        System.out.println("AGENT STARTED");
        System.out.flush();
        Thread.currentThread().join();
    }
}
