package io.wharf.cli;

import io.wharf.core.config.ConfigLoader;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.shipper.Shipper;
import io.wharf.shipper.ShipperConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wharf shipper -c shipper.yml}: Kafka consumer group to Elasticsearch and InfluxDB, until SIGTERM. */
@Command(name = "shipper", description = "Run the central shipper: Kafka to Elasticsearch and InfluxDB.", mixinStandardHelpOptions = true)
final class ShipperCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "shipper configuration file")
    Path file;

    @Override
    public Integer call() throws Exception {
        ShipperConfig cfg = ConfigLoader.load(file, ShipperConfig.class);
        Shipper shipper = new Shipper(cfg, new SelfMetrics());
        Runtime.getRuntime().addShutdownHook(new Thread(shipper::close, "shutdown"));
        shipper.run();
        return 0;
    }
}
