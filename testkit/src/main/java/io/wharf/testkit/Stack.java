package io.wharf.testkit;

/**
 * Where the real servers started by {@code scripts/stack up} listen. Ports follow the same
 * environment variables as the script, so both agree when they are overridden.
 */
public final class Stack {
    private Stack() {
    }

    public static String elasticsearchUrl() {
        return "http://127.0.0.1:" + env("WHARF_ES_PORT", "9200");
    }

    public static String influxUrl() {
        return "http://127.0.0.1:" + env("WHARF_INFLUX_PORT", "8086");
    }

    public static String kafkaBootstrap() {
        return "127.0.0.1:" + env("WHARF_KAFKA_PORT", "9092");
    }

    public static String dockerHost() {
        return env("DOCKER_HOST", "unix:///var/run/docker.sock");
    }

    /** The tiny busybox image the stack builds locally (no registry is reachable). */
    public static String testImage() {
        return env("WHARF_TEST_IMAGE", "local/busybox:1");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
