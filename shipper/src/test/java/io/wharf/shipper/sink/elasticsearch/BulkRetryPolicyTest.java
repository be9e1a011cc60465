package io.wharf.shipper.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.shipper.sink.elasticsearch.BulkRetryPolicy.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkRetryPolicyTest {

    /** Captured from Elasticsearch 8.19.7: created, the same _id again, a long field given a word, no _id. */
    private static String captured() throws IOException {
        try (var in = BulkRetryPolicyTest.class.getResourceAsStream("/elasticsearch/bulk-201-409-400.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void createdAndConflictAreDeliveredAndAMappingErrorIsDeadLetteredWithItsReason() throws IOException {
        List<BulkRetryPolicy.Outcome> outcomes = BulkRetryPolicy.classify(captured(), 4);

        assertThat(outcomes).extracting(BulkRetryPolicy.Outcome::action)
                .containsExactly(Action.DELIVERED, Action.DELIVERED, Action.DEAD_LETTER, Action.DELIVERED);
        assertThat(outcomes.get(2).status()).isEqualTo(400);
        assertThat(outcomes.get(2).reason()).startsWith("document_parsing_exception: [1:6] failed to parse field [n] of type [long]")
                .contains("caused by illegal_argument_exception");
    }

    @Test
    void rejectedExecutionAndServerErrorsAreRetriedOnlyForThoseItems() {
        // The item shape Elasticsearch documents for a full write thread pool (429) and a shard failure (503).
        String body = """
                {"errors":true,"took":3,"items":[
                 {"create":{"_index":"logs-wharf.x-default","_id":"a","status":201,"result":"created"}},
                 {"create":{"_index":"logs-wharf.x-default","_id":"b","status":429,"error":{"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"}}},
                 {"create":{"_index":"logs-wharf.x-default","_id":"c","status":503,"error":{"type":"unavailable_shards_exception","reason":"primary shard is not active"}}}]}
                """;
        assertThat(BulkRetryPolicy.classify(body, 3)).extracting(BulkRetryPolicy.Outcome::action)
                .containsExactly(Action.DELIVERED, Action.RETRY, Action.RETRY);
    }

    @Test
    void aResponseThatDoesNotMatchTheRequestIsAnErrorNotASilentSuccess() throws IOException {
        String body = captured();
        assertThatThrownBy(() -> BulkRetryPolicy.classify(body, 5)).hasMessageContaining("4 items for 5 sent");
    }

    @Test
    void wholeRequestStatuses() {
        assertThat(BulkRetryPolicy.forRequestStatus(429)).isEqualTo(Action.RETRY);
        assertThat(BulkRetryPolicy.forRequestStatus(503)).isEqualTo(Action.RETRY);
        assertThat(BulkRetryPolicy.forRequestStatus(401)).isEqualTo(Action.RETRY);
        assertThat(BulkRetryPolicy.forRequestStatus(413)).isEqualTo(Action.DEAD_LETTER);
    }

    @Test
    void aRequestRefusedAsAWholeSaysTypeAndReason() {
        // captured from Elasticsearch 8.19.7: a bulk request with an _id of 513 bytes (id shortened here)
        String body = "{\"error\":{\"root_cause\":[{\"type\":\"action_request_validation_exception\",\"reason\":\"Validation Failed: 1: id [yyy] "
                + "is too long, must be no longer than 512 bytes but was: 513;\"}],\"type\":\"action_request_validation_exception\",\"reason\":"
                + "\"Validation Failed: 1: id [yyy] is too long, must be no longer than 512 bytes but was: 513;\"},\"status\":400}";
        assertThat(BulkRetryPolicy.requestError(body)).isEqualTo("action_request_validation_exception: Validation Failed: 1: id [yyy] "
                + "is too long, must be no longer than 512 bytes but was: 513;");
        assertThat(BulkRetryPolicy.requestError("<html>Bad Request</html>")).isEqualTo("<html>Bad Request</html>");
    }
}
