package io.wharf.cli;

import io.wharf.core.config.ConfigLoader;
import io.wharf.shipper.OutputsConfig;
import io.wharf.shipper.ShipperConfig;
import io.wharf.shipper.check.OutputCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wharf test config|output}: check a configuration before deploying it, as {@code filebeat test} does. */
@Command(name = "test", description = "Check a configuration or the outputs it names.", mixinStandardHelpOptions = true,
        subcommands = {TestCommand.Config.class, TestCommand.Output.class})
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

    @Command(name = "output", description = "Connect to every configured output and check it for real.", mixinStandardHelpOptions = true)
    static final class Output implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--shipper", paramLabel = "FILE", description = "check the outputs of this shipper.yml instead of the agent's")
        Path shipper;

        @Override
        public Integer call() {
            OutputsConfig outputs = shipper != null
                    ? ConfigLoader.load(shipper, ShipperConfig.class).outputs()
                    : config.loadAgentConfig().outputs();
            if (outputs == null || outputs.isEmpty()) {
                System.out.println("No output configured.");
                return 1;
            }
            var results = OutputCheck.run(outputs);
            results.forEach(System.out::println);
            return OutputCheck.allOk(results) ? 0 : 1;
        }
    }
}
