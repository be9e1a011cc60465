package io.wharf.shipper.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.json.Json;
import io.wharf.testkit.Http;

/** What a user would ask an InfluxDB (shared or private) after shipping numbered points. */
public final class InfluxQueries {
    private InfluxQueries() {
    }

    /**
     * [count, sum] of field {@code v} in measurement {@code up}: with points numbered 0..n-1, n and
     * n(n-1)/2 exactly when every point arrived. [0, 0] while there is none or the server is away.
     */
    public static long[] countAndSum(String url, String db) {
        try {
            var r = Http.get(url + "/query?db=" + db + "&q=" + Http.encode("SELECT count(v), sum(v) FROM up"));
            JsonNode series = Json.MAPPER.readTree(r.body()).path("results").get(0).path("series");
            if (series.isMissingNode()) {
                return new long[] {0, 0};
            }
            JsonNode row = series.get(0).path("values").get(0);
            return new long[] {row.get(1).asLong(), row.get(2).asLong()};
        } catch (Exception away) {
            return new long[] {0, 0};
        }
    }
}
