package io.wharf.cli;

import io.wharf.core.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wharf config show [-c FILE]}: the effective configuration, defaults filled in, secrets redacted. */
@Command(name = "config", description = "Inspect the configuration.", mixinStandardHelpOptions = true,
        subcommands = ConfigCommand.Show.class)
final class ConfigCommand {

    @Command(name = "show", description = "Print the effective configuration (secrets redacted).", mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            System.out.print(ConfigLoader.show(config.loadAgentConfig()));
            return 0;
        }
    }
}
