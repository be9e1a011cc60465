package io.wharf.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what a test wrote to Elasticsearch, by exact name, and says so when it cannot: a
 * cleanup that fails throws, so leaks show up as a failed test instead of piling up on the
 * shared server.
 * <p>
 * Names are listed first ({@code GET /_resolve/index/<pattern>}) because deleting by wildcard is
 * refused where {@code action.destructive_requires_name} is on (the default). Data streams are
 * deleted with {@code DELETE /_data_stream/<name>}; the minimal distribution the stack runs has no
 * data-streams module and answers that with 405, so there the stream is rolled over and every
 * backing index holding the test's documents is deleted: what is left is the stream's empty write
 * index and its template, which Elasticsearch will not drop while the stream exists.
 */
public final class ElasticsearchCleanup {
    private ElasticsearchCleanup() {
    }

    /** Deletes the data streams and indices matching each pattern (wildcards allowed here: they are resolved first). */
    public static void deleteDataStreamsAndIndices(String url, String... patterns) {
        List<String> problems = new ArrayList<>();
        for (String pattern : patterns) {
            var r = Http.get(url + "/_resolve/index/" + pattern + "?expand_wildcards=all");
            if (r.status() == 404) {
                continue;
            }
            if (r.status() != 200) {
                problems.add("resolve " + pattern + ": " + r.status() + " " + r.body());
                continue;
            }
            JsonNode resolved = read(r.body());
            for (JsonNode ds : resolved.path("data_streams")) {
                deleteDataStream(url, ds.path("name").asText(), problems);
            }
            List<String> indices = new ArrayList<>();
            for (JsonNode index : resolved.path("indices")) {
                if (index.path("data_stream").isMissingNode()) {
                    indices.add(index.path("name").asText());
                }
            }
            if (!indices.isEmpty()) {
                expectOk(Http.delete(url + "/" + String.join(",", indices)), "delete indices " + indices, problems);
            }
        }
        failIf(problems);
    }

    private static void deleteDataStream(String url, String name, List<String> problems) {
        var r = Http.delete(url + "/_data_stream/" + name);
        if (r.status() == 200) {
            return;
        }
        if (r.status() != 405) {
            problems.add("delete data stream " + name + ": " + r.status() + " " + r.body());
            return;
        }
        // No data-streams module: free the documents by rolling over and deleting the old backing indices.
        var rollover = Http.post(url + "/" + name + "/_rollover", "application/json", "");
        if (rollover.status() != 200) {
            problems.add("roll over data stream " + name + ": " + rollover.status() + " " + rollover.body());
            return;
        }
        String writeIndex = read(rollover.body()).path("new_index").asText();
        var backing = Http.get(url + "/_resolve/index/" + name + "?expand_wildcards=all");
        List<String> old = new ArrayList<>();
        for (JsonNode ds : read(backing.body()).path("data_streams")) {
            for (JsonNode index : ds.path("backing_indices")) {
                if (!index.asText().equals(writeIndex)) {
                    old.add(index.asText());
                }
            }
        }
        if (!old.isEmpty()) {
            expectOk(Http.delete(url + "/" + String.join(",", old)), "delete backing indices " + old, problems);
        }
    }

    /**
     * Deletes index templates by name; one that is absent is fine, one still used by a data stream
     * this server cannot delete (see the class comment) is left, anything else fails.
     */
    public static void deleteIndexTemplates(String url, String... names) {
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            var r = Http.delete(url + "/_index_template/" + name);
            boolean inUse = r.status() == 400 && r.body().contains("in use by a data stream");
            if (r.status() != 200 && r.status() != 404 && !inUse) {
                problems.add("delete index template " + name + ": " + r.status() + " " + r.body());
            }
        }
        failIf(problems);
    }

    private static void expectOk(Http.Response r, String what, List<String> problems) {
        if (r.status() != 200) {
            problems.add(what + ": " + r.status() + " " + r.body());
        }
    }

    private static void failIf(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionError("Elasticsearch cleanup failed: " + String.join("; ", problems));
        }
    }

    private static JsonNode read(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable Elasticsearch answer: " + body, e);
        }
    }
}
