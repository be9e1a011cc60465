package io.wharf.shipper.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wharf.shipper.Shipper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code wharf shipper} in a JVM of its own, for tests that kill it or must see whether it is
 * still alive: {@code java -cp <test classpath> io.wharf.shipper.Shipper shipper.yml}, the same
 * as {@code wharf shipper -c shipper.yml} without the CLI module (which depends on this one).
 */
public final class ShipperProcess {
    private ShipperProcess() {
    }

    /** Starts a shipper of {@code config}, its output in {@code log}; returns once it has subscribed. */
    public static Process launch(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Shipper.class.getName(),
                config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(log) && Files.readString(log).contains("shipper: group")
                || !p.isAlive());
        assertThat(p.isAlive()).as("the shipper started; its log: %s", Files.readString(log)).isTrue();
        return p;
    }
}
