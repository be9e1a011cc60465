package io.wharf.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.autoscaler.config.InfluxConfig;
import io.wharf.core.json.Json;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A database of its own on the shared, real InfluxDB: points are written in the agent's schema
 * (Telegraf's docker input names) through {@code /write}, read back through {@code /query} as a
 * user would, and the database is dropped on close.
 */
public final class InfluxTestDatabase implements AutoCloseable {
    private final String name = "wharf_as_it_" + UUID.randomUUID().toString().substring(0, 8);

    public InfluxTestDatabase() {
        query("CREATE DATABASE " + name);
    }

    public String name() {
        return name;
    }

    public InfluxConfig config() {
        return new InfluxConfig(Stack.influxUrl(), name, null, null, null, null, null, null);
    }

    /**
     * Sets the CPU load of a service as the agent would report it: every container at {@code percent}
     * (100 = one core) over the last few seconds. What was written for the service before is deleted,
     * so the mean over the window is exactly this value.
     */
    public void cpu(String service, double percent, int containers) {
        clear(service);
        long now = System.currentTimeMillis();
        List<String> lines = new ArrayList<>();
        for (int c = 1; c <= containers; c++) {
            for (int s = 2; s >= 0; s--) {
                lines.add(cpuPoint(service, service + "." + c, percent, now - s * 1000L));
            }
        }
        write(lines);
    }

    /** One CPU point of one container {@code ageMs} old, the service's earlier points deleted. */
    public void cpuOnlyAt(String service, double percent, long ageMs) {
        clear(service);
        write(List.of(cpuPoint(service, service + ".1", percent, System.currentTimeMillis() - ageMs)));
    }

    public void clear(String service) {
        query("DELETE FROM \"docker_container_cpu\" WHERE \"service\" = '" + service + "'");
    }

    private static String cpuPoint(String service, String container, double percent, long t) {
        return "docker_container_cpu,host=it,service=" + service + ",container_name=" + container
                + ",container_image=local/busybox:1,cpu=cpu-total usage_percent=" + percent + " " + t;
    }

    public void write(List<String> lines) {
        Http.Response r = Http.post(Stack.influxUrl() + "/write?precision=ms&db=" + name, "text/plain", String.join("\n", lines));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    /** The first series of the first statement's result, or a missing node. */
    public JsonNode series(String influxQl) {
        return query(influxQl).at("/results/0/series/0");
    }

    public JsonNode query(String influxQl) {
        Http.Response r = Http.post(Stack.influxUrl() + "/query?epoch=ms&db=" + name, "application/x-www-form-urlencoded",
                "q=" + Http.encode(influxQl));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        query("DROP DATABASE " + name);
    }
}
