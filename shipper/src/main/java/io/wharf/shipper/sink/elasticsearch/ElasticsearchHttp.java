package io.wharf.shipper.sink.elasticsearch;

import io.wharf.shipper.http.HttpClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.message.BasicHeader;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Elastic's low-level REST client, configured from the sink's settings: it fails over between
 * the {@code hosts} (marking a dead one and trying it again later), gzips request bodies, and
 * carries the credentials. We send pre-encoded bulk bodies and read raw responses ourselves,
 * because every per-item status matters to the retry policy.
 */
public final class ElasticsearchHttp implements AutoCloseable {
    public record Reply(int status, String body) {
    }

    private final RestClient client;

    public ElasticsearchHttp(ElasticsearchSinkConfig c) {
        HttpHost[] hosts = c.hosts().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        List<Header> headers = new ArrayList<>();
        if (c.apiKey() != null) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + c.apiKey().reveal()));
        } else if (c.username() != null) {
            headers.add(new BasicHeader("Authorization",
                    HttpClients.basicAuth(c.username(), c.password() == null ? "" : c.password().reveal())));
        }
        int timeout = (int) c.requestTimeout().toMillis();
        var builder = RestClient.builder(hosts)
                .setCompressionEnabled(c.gzip())
                .setDefaultHeaders(headers.toArray(Header[]::new))
                .setRequestConfigCallback(rc -> rc.setConnectTimeout(Math.min(timeout, 5000)).setSocketTimeout(timeout));
        if (c.tls().caFile() != null) {
            var ssl = HttpClients.sslContext(Path.of(c.tls().caFile()));
            builder.setHttpClientConfigCallback(hc -> hc.setSSLContext(ssl));
        }
        this.client = builder.build();
    }

    /** Sends a request; an HTTP error status is a reply, an unreachable cluster an IOException. */
    public Reply send(String method, String path, byte[] body, String contentType) throws IOException {
        Request request = new Request(method, path);
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, ContentType.create(contentType, StandardCharsets.UTF_8)));
        }
        Response response;
        try {
            response = client.performRequest(request);
        } catch (ResponseException e) {
            response = e.getResponse();
        }
        String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
        return new Reply(response.getStatusLine().getStatusCode(), text);
    }

    public Reply sendJson(String method, String path, String json) throws IOException {
        return send(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }
}
