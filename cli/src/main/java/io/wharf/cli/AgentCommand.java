package io.wharf.cli;

import io.wharf.agent.Agent;
import io.wharf.agent.AgentConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wharf agent [-c FILE]}: run the per-host daemon until SIGTERM or SIGINT. */
@Command(name = "agent", description = "Run the per-host agent.", mixinStandardHelpOptions = true)
final class AgentCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg = config.loadAgentConfig();
        Agent agent = Agent.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
