package io.wharf.shipper.sink.influxdb;

import io.wharf.core.config.Secret;
import io.wharf.shipper.http.HttpClients;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The v1 HTTP API: {@code POST /write} (line protocol, optionally gzipped), {@code /query}, {@code /ping}. */
public final class InfluxWriter {
    public record Reply(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final InfluxSinkConfig config;
    private final HttpClient client;
    private final String auth;

    public InfluxWriter(InfluxSinkConfig config) {
        this.config = config;
        this.client = HttpClients.create(config.tls(), Duration.ofSeconds(5));
        if (config.token() != null) {
            auth = "Token " + config.token().reveal();
        } else if (config.effectiveUser() != null) {
            Secret password = config.effectivePassword();
            auth = HttpClients.basicAuth(config.effectiveUser(), password == null ? "" : password.reveal());
        } else {
            auth = null;
        }
    }

    public Reply write(String lines) throws IOException, InterruptedException {
        StringBuilder path = new StringBuilder("/write?db=").append(enc(config.database())).append("&precision=").append(config.precision());
        if (config.retentionPolicy() != null) {
            path.append("&rp=").append(enc(config.retentionPolicy()));
        }
        byte[] body = lines.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = request(path.toString()).header("Content-Type", "text/plain; charset=utf-8");
        if (config.gzip()) {
            b.header("Content-Encoding", "gzip");
            body = HttpClients.gzip(body);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Reply query(String influxQl) throws IOException, InterruptedException {
        return send(request("/query?db=" + enc(config.database()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + enc(influxQl))));
    }

    public Reply ping() throws IOException, InterruptedException {
        return send(request("/ping").GET());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(config.url().base() + path)).timeout(config.requestTimeout());
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return b;
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
