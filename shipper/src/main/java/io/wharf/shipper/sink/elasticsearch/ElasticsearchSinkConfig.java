package io.wharf.shipper.sink.elasticsearch;

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
import java.util.List;

/**
 * {@code outputs.elasticsearch}. Log events go to the data stream
 * {@code logs-wharf.<dataset>-<data_stream_namespace>} ({@code index_mode: data_stream}, the
 * default) or to the daily index {@code <index_prefix>-<dataset>-yyyy.MM.dd} ({@code index_mode: daily}).
 * A host may carry its own credentials ({@code http://user:pass@es1:9200}); for that host they win
 * over {@code username}/{@code password}, as in Filebeat.
 */
public record ElasticsearchSinkConfig(
        List<HostUrl> hosts,
        String username,
        Secret password,
        Secret apiKey,
        TlsConfig tls,
        String compression,
        String indexMode,
        String dataStreamNamespace,
        String indexPrefix,
        Boolean installTemplate,
        Duration requestTimeout,
        RetryConfig retry,
        DeadLetterConfig deadLetter,
        DiskBufferConfig diskBuffer,
        QueueConfig queue,
        BatchConfig batch) implements Validated {

    public ElasticsearchSinkConfig {
        hosts = hosts == null ? List.of(HostUrl.parse("http://127.0.0.1:9200")) : List.copyOf(hosts);
        tls = tls == null ? TlsConfig.DEFAULT : tls;
        compression = compression == null ? "gzip" : compression;
        indexMode = indexMode == null ? "data_stream" : indexMode;
        dataStreamNamespace = dataStreamNamespace == null ? "default" : dataStreamNamespace;
        indexPrefix = indexPrefix == null ? "wharf-logs" : indexPrefix;
        installTemplate = installTemplate == null || installTemplate;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        retry = retry == null ? RetryConfig.DEFAULT : retry;
        deadLetter = deadLetter == null ? new DeadLetterConfig("index", null, null) : deadLetter;
        queue = queue == null ? QueueConfig.DEFAULT : queue;
        batch = batch == null ? BatchConfig.DEFAULT : batch;
    }

    /** A configuration with defaults for everything but the hosts and the namespace (tests, tools). */
    public static ElasticsearchSinkConfig of(String host, String namespace) {
        return new ElasticsearchSinkConfig(List.of(HostUrl.parse(host)), null, null, null, null, null, null, namespace, null, null,
                null, null, null, null, null, null);
    }

    public boolean dataStreams() {
        return "data_stream".equals(indexMode);
    }

    public boolean gzip() {
        return "gzip".equals(compression);
    }

    @Override
    public void validate(Validation v) {
        v.check(!hosts.isEmpty(), "hosts", "must list at least one host");
        for (HostUrl h : hosts) {
            v.check(h.scheme().equals("http") || h.scheme().equals("https"), "hosts", h + " must start with http:// or https://");
        }
        v.check(compression.equals("gzip") || compression.equals("none"), "compression", "must be gzip or none");
        v.check(indexMode.equals("data_stream") || indexMode.equals("daily"), "index_mode", "must be data_stream or daily");
        v.check(dataStreamNamespace.matches("[a-z0-9_]+"), "data_stream_namespace",
                "must be lower case letters, digits and _ (Elasticsearch forbids - in a namespace)");
        v.check(indexPrefix.matches("[a-z0-9][a-z0-9_.-]*"), "index_prefix", "must be a lower case index name");
        v.check(password == null || username != null, "username", "is required when password is set");
        v.nested("tls", tls);
        v.nested("retry", retry);
        v.nested("dead_letter", deadLetter);
        v.nested("disk_buffer", diskBuffer);
        v.nested("queue", queue);
        v.nested("batch", batch);
    }
}
