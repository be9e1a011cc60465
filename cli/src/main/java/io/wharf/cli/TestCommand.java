package io.wharf.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wharf test config|output}: check a configuration before deploying it, as {@code filebeat test} does. */
@Command(name = "test", description = "Check a configuration or the outputs it names.", mixinStandardHelpOptions = true,
        subcommands = TestCommand.Config.class)
final class TestCommand {

    @Command(name = "config", description = "Parse and validate the configuration.", mixinStandardHelpOptions = true)
    static final class Config implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            config.loadAgentConfig();
            System.out.println("Config OK: " + config.describe());
            return 0;
        }
    }
}
