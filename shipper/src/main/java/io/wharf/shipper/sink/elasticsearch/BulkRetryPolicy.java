package io.wharf.shipper.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, for each item of a {@code _bulk} response, whether it is delivered, to be retried or
 * to be dead-lettered. Pure: no I/O, tested on bodies captured from a real Elasticsearch.
 * <ul>
 * <li>2xx: delivered. 409 on {@code create}: the document is already there (a resend), delivered.</li>
 * <li>429 (rejected execution: a full write queue) and 5xx: retried, only that item.</li>
 * <li>any other 4xx (mapping conflict, document parsing): dead letter, with the reason.</li>
 * </ul>
 */
public final class BulkRetryPolicy {
    private BulkRetryPolicy() {
    }

    public enum Action { DELIVERED, RETRY, DEAD_LETTER }

    public record Outcome(Action action, int status, String reason) {
    }

    /** What to do with a whole request that answered {@code status} without per-item results. */
    public static Action forRequestStatus(int status) {
        if (status == 429 || status >= 500 || status == 401 || status == 403 || status == 404 || status == 408) {
            // Overload, outage, wrong credentials or a missing route are the server's or the
            // operator's to fix: retry (backpressure) rather than dead-letter good events.
            return Action.RETRY;
        }
        return Action.DEAD_LETTER;
    }

    public static Action forItemStatus(int status) {
        if (status >= 200 && status < 300 || status == 409) {
            return Action.DELIVERED;
        }
        if (status == 429 || status >= 500) {
            return Action.RETRY;
        }
        return Action.DEAD_LETTER;
    }

    /**
     * The error of a request refused as a whole, {@code type: reason}, from Elasticsearch's
     * {@code {"error":{"type":..,"reason":..},"status":..}}; the body itself if it is not that.
     */
    public static String requestError(String responseBody) {
        try {
            JsonNode error = Json.MAPPER.readTree(responseBody).path("error");
            if (error.isObject() && error.has("type")) {
                return error.path("type").asText() + ": " + error.path("reason").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // a proxy's page, an empty body: shown as it is
        }
        return responseBody;
    }

    /** The outcome of each item, in request order. */
    public static List<Outcome> classify(String responseBody, int expectedItems) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(responseBody);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable bulk response", e);
        }
        JsonNode items = root.path("items");
        if (!items.isArray() || items.size() != expectedItems) {
            throw new IllegalStateException("bulk response has " + items.size() + " items for " + expectedItems + " sent");
        }
        List<Outcome> out = new ArrayList<>(expectedItems);
        for (JsonNode item : items) {
            JsonNode result = item.elements().next(); // {"create": {...}}
            int status = result.path("status").asInt();
            JsonNode error = result.path("error");
            String reason = null;
            if (!error.isMissingNode()) {
                reason = error.path("type").asText() + ": " + error.path("reason").asText();
                JsonNode cause = error.path("caused_by");
                if (!cause.isMissingNode()) {
                    reason += " (caused by " + cause.path("type").asText() + ": " + cause.path("reason").asText() + ")";
                }
            }
            out.add(new Outcome(forItemStatus(status), status, reason));
        }
        return out;
    }
}
