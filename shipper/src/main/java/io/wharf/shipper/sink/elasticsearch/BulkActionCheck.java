package io.wharf.shipper.sink.elasticsearch;

import java.nio.charset.StandardCharsets;

/**
 * What Elasticsearch refuses in a bulk item's action line ({@code _index}, {@code _id}), checked
 * before the item is sent. An {@code _id} over 512 bytes makes the server refuse the whole
 * {@code _bulk} request (400 {@code action_request_validation_exception}), every good item with
 * it; an invalid index name fails its item. Such an item is dead-lettered without being sent and
 * its neighbours go on. The rules are Elasticsearch's own (its index name and id validation).
 */
public interface BulkActionCheck {
    int MAX_ID_BYTES = 512;
    int MAX_INDEX_NAME_BYTES = 255;
    String FORBIDDEN_INDEX_CHARACTERS = "\\/*?\"<>| ,#:";

    /** Elasticsearch's rules. */
    BulkActionCheck ELASTICSEARCH = (index, id) -> {
        String why = indexRefusal(index);
        return why != null ? why : id == null ? null : idRefusal(id);
    };

    /** Checks nothing: every item goes to the server, which then refuses what it refuses (tests of the refusals themselves). */
    BulkActionCheck NONE = (index, id) -> null;

    /** Why Elasticsearch would refuse an item for {@code index} with {@code id} (null: no id), or null if it would not. */
    String refusal(String index, String id);

    static String idRefusal(String id) {
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        return bytes > MAX_ID_BYTES ? "_id of " + bytes + " bytes is longer than the " + MAX_ID_BYTES + " bytes Elasticsearch accepts" : null;
    }

    static String indexRefusal(String index) {
        if (index.isEmpty() || index.equals(".") || index.equals("..")) {
            return "index name [" + index + "] is not allowed";
        }
        if (!index.equals(index.toLowerCase(java.util.Locale.ROOT))) {
            return "index name [" + index + "] must be lower case";
        }
        char first = index.charAt(0);
        if (first == '_' || first == '-' || first == '+') {
            return "index name [" + index + "] must not start with '_', '-' or '+'";
        }
        for (int i = 0; i < index.length(); i++) {
            if (FORBIDDEN_INDEX_CHARACTERS.indexOf(index.charAt(i)) >= 0) {
                return "index name [" + index + "] must not contain '" + index.charAt(i) + "'";
            }
        }
        int bytes = index.getBytes(StandardCharsets.UTF_8).length;
        return bytes > MAX_INDEX_NAME_BYTES
                ? "index name of " + bytes + " bytes is longer than the " + MAX_INDEX_NAME_BYTES + " bytes Elasticsearch accepts" : null;
    }
}
