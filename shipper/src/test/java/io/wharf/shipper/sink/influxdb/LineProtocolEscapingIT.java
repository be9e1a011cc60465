package io.wharf.shipper.sink.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.event.MetricPoint;
import io.wharf.testkit.Http;
import io.wharf.testkit.Stack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property test against the real InfluxDB: random names and values made of the characters the
 * line protocol treats specially are written and queried back unchanged. Seeded, so a failure
 * reproduces; the seed is in the assertion message.
 */
class LineProtocolEscapingIT {
    private static final String ALPHABET = "ab Z9,= \"\\'_-.:/é☃";
    private final String db = "wharf_lp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @AfterEach
    void drop() {
        Http.post(Stack.influxUrl() + "/query", "application/x-www-form-urlencoded", "q=" + Http.encode("DROP DATABASE " + db));
    }

    private static String word(Random r, int min) {
        int n = min + r.nextInt(8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /**
     * Names must be non-blank and cannot hold a backslash before a character that needs escaping
     * or at their end: the line protocol cannot express those (LineProtocol rewrites them, see
     * LineProtocolTest); every other character, backslashes included, must round-trip.
     */
    private static String name(Random r) {
        String s;
        do {
            s = word(r, 1);
        } while (s.isBlank() || s.matches("(?s).*\\\\([ ,=\"].*)?") || s.startsWith("#"));
        return s;
    }

    @Test
    void whatIsWrittenIsWhatIsQueriedBack() throws Exception {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        Http.post(Stack.influxUrl() + "/query", "application/x-www-form-urlencoded", "q=" + Http.encode("CREATE DATABASE " + db));
        InfluxWriter writer = new InfluxWriter(InfluxSinkConfig.of(Stack.influxUrl(), db, false));
        for (int round = 0; round < 10; round++) {
            roundTrip(writer, r, seed, round, "m" + round + name(r));
        }
    }

    private void roundTrip(InfluxWriter writer, Random r, long seed, int round, String measurement) throws Exception {
        List<MetricPoint> points = new ArrayList<>();
        Map<Long, MetricPoint> byTime = new HashMap<>();
        String tagKey = "t" + name(r);
        String fieldKey = "f" + name(r);
        for (int i = 0; i < 200; i++) {
            MetricPoint p = MetricPoint.builder(measurement).tag(tagKey, name(r)).field(fieldKey, word(r, 0))
                    .field("n", r.nextLong()).field("x", r.nextDouble() * 1e6).timestampNanos(1_700_000_000_000_000_000L + i).build();
            points.add(p);
            byTime.put(p.timestampNanos(), p);
        }
        StringBuilder body = new StringBuilder();
        points.forEach(p -> body.append(LineProtocol.line(p, "ns")).append('\n'));
        var reply = writer.write(body.toString());
        assertThat(reply.status()).as("seed %d: %s", seed, reply.body()).isEqualTo(204);

        // selected by a regex on the round prefix: InfluxQL's quoted identifiers cannot carry every
        // character a measurement can, and only this round's measurement starts with "m<round>"
        String q = "SELECT * FROM /^m" + round + "/";
        var answer = Http.get(Stack.influxUrl() + "/query?db=" + db + "&epoch=ns&q=" + Http.encode(q));
        JsonNode series = io.wharf.core.json.Json.MAPPER.readTree(answer.body()).path("results").get(0).path("series");
        assertThat(series.isArray()).as("seed %d: %s", seed, answer.body()).isTrue();
        JsonNode s = series.get(0);
        assertThat(s.path("name").asText()).as("seed %d", seed).isEqualTo(measurement);
        List<String> columns = new ArrayList<>();
        s.path("columns").forEach(c -> columns.add(c.asText()));
        assertThat(columns).as("seed %d: columns for tag key [%s] and field key [%s]", seed, tagKey, fieldKey)
                .contains(tagKey, fieldKey);
        assertThat(s.path("values")).hasSize(points.size());
        for (JsonNode row : s.path("values")) {
            MetricPoint p = byTime.get(row.get(columns.indexOf("time")).asLong());
            assertThat(row.get(columns.indexOf(tagKey)).asText()).as("seed %d tag", seed).isEqualTo(p.tags().get(tagKey));
            assertThat(row.get(columns.indexOf(fieldKey)).asText()).as("seed %d string field", seed).isEqualTo(p.fields().get(fieldKey));
            assertThat(row.get(columns.indexOf("n")).asLong()).as("seed %d", seed).isEqualTo(p.fields().get("n"));
            assertThat(row.get(columns.indexOf("x")).asDouble()).as("seed %d", seed).isEqualTo(p.fields().get("x"));
        }
    }
}
