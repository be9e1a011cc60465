package io.wharf.cli;

import io.wharf.agent.AgentConfig;
import io.wharf.core.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -c FILE} option shared by the agent's commands; without it, the embedded default. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "configuration file (default: the embedded default)")
    Path file;

    AgentConfig loadAgentConfig() {
        return file == null
                ? ConfigLoader.loadResource(AgentConfig.DEFAULT_RESOURCE, AgentConfig.class)
                : ConfigLoader.load(file, AgentConfig.class);
    }

    String describe() {
        return file == null ? "embedded:" + AgentConfig.DEFAULT_RESOURCE : file.toString();
    }
}
