package io.wharf.shipper.sink.elasticsearch;

import io.wharf.shipper.http.HostUrl;
import io.wharf.shipper.http.HttpClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.CredentialsProvider;
import org.apache.http.impl.client.BasicCredentialsProvider;
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
        // the client is given the hosts without their user info: none of its messages can show a password
        HttpHost[] hosts = c.hosts().stream().map(h -> HttpHost.create(h.base())).toArray(HttpHost[]::new);
        List<Header> headers = new ArrayList<>();
        CredentialsProvider credentials = null;
        if (c.apiKey() != null) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + c.apiKey().reveal()));
        } else {
            credentials = basicCredentials(c);
        }
        int timeout = (int) c.requestTimeout().toMillis();
        var builder = RestClient.builder(hosts)
                .setCompressionEnabled(c.gzip())
                .setDefaultHeaders(headers.toArray(Header[]::new))
                .setRequestConfigCallback(rc -> rc.setConnectTimeout(Math.min(timeout, 5000)).setSocketTimeout(timeout));
        var ssl = c.tls().caFile() == null ? null : HttpClients.sslContext(Path.of(c.tls().caFile()));
        CredentialsProvider basic = credentials;
        builder.setHttpClientConfigCallback(hc -> {
            if (ssl != null) {
                hc.setSSLContext(ssl);
            }
            return basic == null ? hc : hc.setDefaultCredentialsProvider(basic);
        });
        this.client = builder.build();
    }

    /**
     * Basic auth per host: a host's own user info ({@code http://user:pass@es1:9200}) for that
     * host, else {@code username}/{@code password} (the more specific scope wins, as in Filebeat).
     * The REST client sends it preemptively (it primes its auth cache for every host). Null if none.
     */
    private static CredentialsProvider basicCredentials(ElasticsearchSinkConfig c) {
        BasicCredentialsProvider provider = new BasicCredentialsProvider();
        boolean any = false;
        if (c.username() != null) {
            provider.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(c.username(),
                    c.password() == null ? "" : c.password().reveal()));
            any = true;
        }
        for (HostUrl h : c.hosts()) {
            if (h.user() != null) {
                provider.setCredentials(new AuthScope(h.host(), h.port()), new UsernamePasswordCredentials(h.user(), h.password().reveal()));
                any = true;
            }
        }
        return any ? provider : null;
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
