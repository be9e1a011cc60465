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

    @Command(name = "config", description = "Parse and validate the configuration: an agent's, a shipper's or an autoscaler's "
            + "(told by its keys, or by --shipper / --autoscaler).", mixinStandardHelpOptions = true)
    static final class Config implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--shipper", paramLabel = "FILE", description = "validate this file as a shipper.yml")
        Path shipper;

        @Option(names = "--autoscaler", paramLabel = "FILE", description = "validate this file as an autoscaler.yml")
        Path autoscaler;

        @Override
        public Integer call() {
            if (shipper != null || autoscaler != null) {
                Path file = shipper != null ? shipper : autoscaler;
                ConfigKind kind = shipper != null ? ConfigKind.SHIPPER : ConfigKind.AUTOSCALER;
                ConfigLoader.load(file, kind.type);
                System.out.println("Config OK: " + file + " (" + kind.label + ")");
                return 0;
            }
            ConfigKind kind = config.file == null ? ConfigKind.AGENT : ConfigKind.of(config.file);
            if (kind == ConfigKind.AGENT) {
                config.loadAgentConfig();
            } else {
                ConfigLoader.load(config.file, kind.type);
            }
            System.out.println("Config OK: " + config.describe() + " (" + kind.label + ")");
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
            Path shipperFile = shipper != null ? shipper
                    : config.file != null && ConfigKind.of(config.file) == ConfigKind.SHIPPER ? config.file : null;
            ShipperConfig shipperConfig = shipperFile == null ? null : ConfigLoader.load(shipperFile, ShipperConfig.class);
            OutputsConfig outputs = shipperConfig != null ? shipperConfig.outputs() : config.loadAgentConfig().outputs();
            if (outputs == null || outputs.isEmpty()) {
                System.out.println("No output configured.");
                return 1;
            }
            var results = new java.util.ArrayList<OutputCheck.Result>();
            if (shipperConfig != null) {
                // a shipper's input: the brokers it reads and its two topics
                results.addAll(OutputCheck.kafkaInput(shipperConfig.kafka()));
            }
            results.addAll(OutputCheck.run(outputs));
            results.forEach(System.out::println);
            return OutputCheck.allOk(results) ? 0 : 1;
        }
    }
}
