package io.wharf.shipper.sink.influxdb;

import io.wharf.core.config.Secret;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.shipper.buffer.DiskBufferConfig;
import io.wharf.shipper.deadletter.DeadLetterConfig;
import io.wharf.shipper.http.HostUrl;
import io.wharf.shipper.http.TlsConfig;
import io.wharf.shipper.retry.RetryConfig;
import io.wharf.shipper.sink.BatchConfig;
import io.wharf.shipper.sink.QueueConfig;
import java.time.Duration;
import java.util.Set;

/**
 * {@code outputs.influxdb}: InfluxDB's v1 {@code /write} API (1.x, 2.x compatibility, 3.x).
 * {@code username}/{@code password} for 1.x; {@code token} for 2.x/3.x (sent as
 * {@code Authorization: Token ...}). Credentials in the URL ({@code http://user:pass@influx:8086})
 * win over {@code username}/{@code password}, as in Filebeat.
 */
public record InfluxSinkConfig(
        HostUrl url,
        String database,
        String retentionPolicy,
        String username,
        Secret password,
        Secret token,
        TlsConfig tls,
        String precision,
        Boolean gzip,
        Boolean createDatabase,
        Duration requestTimeout,
        RetryConfig retry,
        DeadLetterConfig deadLetter,
        DiskBufferConfig diskBuffer,
        QueueConfig queue,
        BatchConfig batch) implements Validated {

    private static final Set<String> PRECISIONS = Set.of("ns", "u", "ms", "s");

    public InfluxSinkConfig {
        url = url == null ? HostUrl.parse("http://127.0.0.1:8086") : url;
        database = database == null ? "wharf" : database;
        tls = tls == null ? TlsConfig.DEFAULT : tls;
        precision = precision == null ? "ns" : precision;
        gzip = gzip == null || gzip;
        createDatabase = createDatabase != null && createDatabase;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        retry = retry == null ? RetryConfig.DEFAULT : retry;
        deadLetter = deadLetter == null ? DeadLetterConfig.file(null) : deadLetter;
        queue = queue == null ? QueueConfig.DEFAULT : queue;
        batch = batch == null ? new BatchConfig(5000, null, null, null) : batch;
    }

    /** The basic-auth user: the URL's, else {@code username}; null for none. */
    public String effectiveUser() {
        return url.user() != null ? url.user() : username;
    }

    /** The basic-auth password that goes with {@link #effectiveUser()}. */
    public Secret effectivePassword() {
        return url.user() != null ? url.password() : password;
    }

    public static InfluxSinkConfig of(String url, String database, boolean createDatabase) {
        return new InfluxSinkConfig(HostUrl.parse(url), database, null, null, null, null, null, null, null, createDatabase, null, null,
                null, null, null, null);
    }

    @Override
    public void validate(Validation v) {
        v.check(url.scheme().equals("http") || url.scheme().equals("https"), "url", "must start with http:// or https://");
        v.check(!database.isBlank(), "database", "must not be empty");
        v.check(PRECISIONS.contains(precision), "precision", "must be one of ns, u, ms, s");
        v.check(token == null || (username == null && url.user() == null), "token",
                "use either token (2.x/3.x) or username/password (1.x), not both");
        v.check(password == null || username != null, "username", "is required when password is set");
        v.check(!deadLetter.isIndex(), "dead_letter.type", "InfluxDB dead letters go to a file (type: file)");
        v.nested("tls", tls);
        v.nested("retry", retry);
        v.nested("dead_letter", deadLetter);
        v.nested("disk_buffer", diskBuffer);
        v.nested("queue", queue);
        v.nested("batch", batch);
    }
}
