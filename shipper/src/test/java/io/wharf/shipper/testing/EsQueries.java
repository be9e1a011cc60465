package io.wharf.shipper.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.json.Json;
import io.wharf.testkit.ElasticsearchCleanup;
import io.wharf.testkit.Http;

/** What a user would ask an Elasticsearch (shared or private) after shipping: counts, hits, duplicates. */
public final class EsQueries {
    private EsQueries() {
    }

    public static JsonNode read(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    /** Documents in {@code index} after a refresh; -1 while it does not exist (or the server is away). */
    public static long count(String url, String index) {
        try {
            Http.post(url + "/" + index + "/_refresh", "application/json", "");
            var r = Http.get(url + "/" + index + "/_count");
            return r.status() != 200 ? -1 : read(r.body()).path("count").asLong();
        } catch (RuntimeException unreachable) {
            return -1;
        }
    }

    public static JsonNode search(String url, String index, String query) {
        Http.post(url + "/" + index + "/_refresh", "application/json", "");
        return read(Http.post(url + "/" + index + "/_search", "application/json", query).body());
    }

    /**
     * Exact, not estimated: no {@code seq} value held by two documents, and the seqs are 0..n-1
     * (count n, sum n(n-1)/2). Each event's {@code _id} is derived from its seq, so this is also
     * "every id once".
     */
    public static void assertEverySeqExactlyOnce(String url, String index, int n) {
        JsonNode aggs = search(url, index, "{\"size\":0,\"aggs\":{\"dup\":{\"terms\":{\"field\":\"seq\",\"min_doc_count\":2,\"size\":10}},"
                + "\"st\":{\"stats\":{\"field\":\"seq\"}}}}").path("aggregations");
        assertThat(aggs.path("dup").path("buckets")).as("seq values held by more than one document").isEmpty();
        assertThat(aggs.path("st").path("count").asLong()).isEqualTo(n);
        assertThat(aggs.path("st").path("min").asLong()).isZero();
        assertThat(aggs.path("st").path("max").asLong()).isEqualTo(n - 1);
        assertThat((long) aggs.path("st").path("sum").asDouble()).isEqualTo((long) n * (n - 1) / 2);
    }

    /** Removes what a test of namespace {@code ns} left: its data streams, its dead letters ({@code wharf-deadletter-<ns>}) and their templates. */
    public static void deleteNamespace(String url, String ns) {
        ElasticsearchCleanup.deleteDataStreamsAndIndices(url, "logs-wharf.*-" + ns, "wharf-deadletter-" + ns + "-*");
        ElasticsearchCleanup.deleteIndexTemplates(url, "wharf-logs-" + ns, "wharf-deadletter-" + ns);
    }
}
