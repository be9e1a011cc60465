package io.wharf.agent;

import io.wharf.core.config.ConfigLoader;
import java.nio.file.Path;

/**
 * Runs the agent as its own JVM for tests that must {@code kill -9} it for real:
 * {@code java -cp <test classpath> io.wharf.agent.AgentProcessMain agent.yml}. The same as
 * {@code wharf agent -c agent.yml} without the CLI module (which depends on this one).
 */
public final class AgentProcessMain {
    private AgentProcessMain() {
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
