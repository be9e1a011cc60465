package io.wharf.autoscaler.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.autoscaler.config.InfluxConfig;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * InfluxDB's v1 HTTP API, the one served by 1.x, 2.x (compatibility endpoints) and 3.x:
 * {@code /query} (InfluxQL, epoch milliseconds) and {@code /write} (line protocol).
 */
public final class InfluxClient {
    private final InfluxConfig config;
    private final HttpClient http;

    public InfluxClient(InfluxConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    /** One series of a statement's result: its tags and rows (time in epoch ms first). */
    public record Series(String name, JsonNode tags, List<String> columns, List<JsonNode> rows) {
        public String tag(String key) {
            return tags == null || !tags.has(key) ? null : tags.get(key).asText();
        }
    }

    /** Runs one or more statements ({@code ;}-separated); returns each statement's series. */
    public List<List<Series>> query(String database, String influxQl) throws IOException {
        String url = config.url() + "/query?epoch=ms&db=" + enc(database) + "&q=" + enc(influxQl);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
        JsonNode body = Json.MAPPER.readTree(response.body().isEmpty() ? "{}" : response.body());
        if (response.statusCode() != 200 || body.has("error")) {
            throw new IOException("InfluxDB " + response.statusCode() + " for query [" + influxQl + "]: "
                    + (body.has("error") ? body.get("error").asText() : response.body()));
        }
        List<List<Series>> results = new ArrayList<>();
        for (JsonNode result : body.path("results")) {
            if (result.has("error")) {
                throw new IOException("InfluxDB refused [" + influxQl + "]: " + result.get("error").asText());
            }
            List<Series> series = new ArrayList<>();
            for (JsonNode s : result.path("series")) {
                List<String> columns = new ArrayList<>();
                s.path("columns").forEach(c -> columns.add(c.asText()));
                List<JsonNode> rows = new ArrayList<>();
                s.path("values").forEach(rows::add);
                series.add(new Series(s.path("name").asText(), s.get("tags"), columns, rows));
            }
            results.add(series);
        }
        return results;
    }

    /** Writes line protocol with millisecond timestamps. */
    public void write(String database, String lines) throws IOException {
        String url = config.url() + "/write?precision=ms&db=" + enc(database)
                + (config.retentionPolicy() == null ? "" : "&rp=" + enc(config.retentionPolicy()));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(lines)));
        if (response.statusCode() != 204 && response.statusCode() != 200) {
            throw new IOException("InfluxDB refused the write (" + response.statusCode() + "): " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        request.timeout(config.timeout());
        if (config.token() != null) {
            request.header("Authorization", "Token " + config.token().reveal());
        } else if (config.username() != null) {
            String password = config.password() == null ? "" : config.password().reveal();
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((config.username() + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // the JDK's ConnectException has no message: say where and what
            throw new IOException("cannot reach InfluxDB at " + config.url() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
