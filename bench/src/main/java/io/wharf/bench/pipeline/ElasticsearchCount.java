package io.wharf.bench.pipeline;

import io.wharf.core.json.Json;
import io.wharf.testkit.Http;
import java.io.IOException;

/** Documents in the indices matching a pattern, from {@code _count} (what is searchable: refreshed). */
final class ElasticsearchCount implements Delivered {
    private final String url;
    private final String refresh;

    ElasticsearchCount(String elasticsearchUrl, String indexPattern) {
        this.url = elasticsearchUrl + "/" + indexPattern + "/_count?ignore_unavailable=true&allow_no_indices=true";
        this.refresh = elasticsearchUrl + "/" + indexPattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true";
    }

    @Override
    public long settled() throws IOException {
        Http.post(refresh, "application/json", "");
        return count();
    }

    @Override
    public long count() throws IOException {
        Http.Response r = Http.get(url);
        if (r.status() == 503) {
            return 0; // the index was just created: its shard is not searchable yet
        }
        if (r.status() != 200) {
            throw new IOException("GET " + url + ": " + r.status() + " " + r.body());
        }
        return Json.MAPPER.readTree(r.body()).path("count").asLong();
    }
}
