package io.wharf.cli;

import io.wharf.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one jar's entry point: every wharf subcommand. */
@Command(name = "wharf", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Log and metrics agent for containerised services.",
        subcommands = {
            CommandLine.HelpCommand.class,
            AgentCommand.class,
            ConfigCommand.class,
            TestCommand.class,
            ParseCommand.class,
            ShipperCommand.class,
            AutoscalerCommand.class,
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::reportFailure)
                .execute(args);
    }

    /** A configuration error is the user's to fix: one clear line, no stack trace, exit code 2. */
    private static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException) {
            cmd.getErr().println("wharf: " + e.getMessage());
            return 2;
        }
        if (e instanceof java.net.BindException) { // a port in use: the message names it, a stack trace adds nothing
            cmd.getErr().println("wharf: " + e.getMessage());
            return 1;
        }
        cmd.getErr().println("wharf: " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"wharf " + (v == null ? "dev" : v)};
        }
    }
}
