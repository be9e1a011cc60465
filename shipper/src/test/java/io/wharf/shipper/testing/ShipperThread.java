package io.wharf.shipper.testing;

import io.wharf.core.config.ConfigLoader;
import io.wharf.core.metrics.SelfMetrics;
import io.wharf.shipper.Shipper;
import io.wharf.shipper.ShipperConfig;
import java.nio.file.Path;

/** {@code wharf shipper} on a thread of the test's JVM, with metrics of its own (what it read, delivered). */
public final class ShipperThread implements AutoCloseable {
    private final Shipper shipper;
    private final SelfMetrics metrics;
    private final Thread thread;

    private ShipperThread(Shipper shipper, SelfMetrics metrics, Thread thread) {
        this.shipper = shipper;
        this.metrics = metrics;
        this.thread = thread;
    }

    public static ShipperThread start(Path config, String name) {
        SelfMetrics metrics = new SelfMetrics();
        Shipper shipper = new Shipper(ConfigLoader.load(config, ShipperConfig.class), metrics);
        Thread thread = new Thread(() -> {
            try {
                shipper.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "shipper-" + name);
        thread.start();
        return new ShipperThread(shipper, metrics, thread);
    }

    /** Records this shipper read from Kafka so far. */
    public double read() {
        return metrics.value("wharf_events_in_total", "component", "source.kafka");
    }

    @Override
    public void close() throws InterruptedException {
        shipper.close();
        thread.join(30_000);
    }
}
