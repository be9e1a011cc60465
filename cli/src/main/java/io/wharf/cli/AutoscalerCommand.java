package io.wharf.cli;

import io.wharf.autoscaler.Autoscaler;
import io.wharf.autoscaler.config.AutoscalerConfig;
import io.wharf.core.config.ConfigLoader;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wharf autoscaler -c autoscaler.yml [--dry-run]}: every interval, read each policy's
 * metrics from InfluxDB, decide and scale, until SIGTERM or SIGINT. {@code --dry-run} decides and
 * reports (log, InfluxDB, API) without asking any orchestrator to change anything;
 * {@code --check} only loads and validates the file and prints the effective configuration.
 */
@Command(name = "autoscaler", description = "Scale services from their metrics in InfluxDB.", mixinStandardHelpOptions = true)
final class AutoscalerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "autoscaler configuration file")
    Path file;

    @Option(names = "--dry-run", description = "decide and report, never scale (overrides dry_run in the file)")
    boolean dryRun;

    @Option(names = "--check", description = "validate the file, print the effective configuration (secrets redacted) and exit")
    boolean check;

    @Override
    public Integer call() throws Exception {
        AutoscalerConfig cfg = ConfigLoader.load(file, AutoscalerConfig.class);
        if (dryRun) {
            cfg = cfg.withDryRun(true);
        }
        if (check) {
            System.out.print(ConfigLoader.show(cfg));
            return 0;
        }
        Autoscaler autoscaler;
        try {
            autoscaler = Autoscaler.start(cfg);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            // an orchestrator that cannot be set up from the file (no kubeconfig, unreadable CA): the user's to fix
            spec.commandLine().getErr().println("wharf: " + file + ": " + e.getMessage());
            return 2;
        } catch (BindException e) {
            spec.commandLine().getErr().println("wharf: cannot serve the API on " + cfg.http().host() + ":" + cfg.http().port()
                    + " (" + e.getMessage() + "): set http.port, or http.enabled: false");
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            autoscaler.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
