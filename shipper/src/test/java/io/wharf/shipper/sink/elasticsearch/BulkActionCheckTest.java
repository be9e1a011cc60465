package io.wharf.shipper.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BulkActionCheckTest {
    private static final BulkActionCheck CHECK = BulkActionCheck.ELASTICSEARCH;

    @Test
    void anIdIsMeasuredInUtf8BytesAgainstElasticsearchs512() {
        assertThat(CHECK.refusal("logs-wharf.app-default", "a".repeat(512))).isNull();
        assertThat(CHECK.refusal("logs-wharf.app-default", "a".repeat(513)))
                .isEqualTo("_id of 513 bytes is longer than the 512 bytes Elasticsearch accepts");
        // 300 characters, 600 bytes: what the server counts
        assertThat(CHECK.refusal("logs-wharf.app-default", "é".repeat(300))).startsWith("_id of 600 bytes");
        assertThat(CHECK.refusal("logs-wharf.app-default", null)).as("no id: Elasticsearch assigns one").isNull();
    }

    @Test
    void indexNamesFollowElasticsearchsRules() {
        assertThat(CHECK.refusal("wharf-logs-app-2026.11.21", "x")).isNull();
        assertThat(CHECK.refusal("Wharf", "x")).contains("must be lower case");
        assertThat(CHECK.refusal("_wharf", "x")).contains("must not start with");
        assertThat(CHECK.refusal("-wharf", "x")).contains("must not start with");
        assertThat(CHECK.refusal("wharf logs", "x")).contains("must not contain ' '");
        assertThat(CHECK.refusal("wharf#1", "x")).contains("must not contain '#'");
        assertThat(CHECK.refusal("wharf:1", "x")).contains("must not contain ':'");
        assertThat(CHECK.refusal("..", "x")).contains("is not allowed");
        assertThat(CHECK.refusal("w".repeat(255), "x")).isNull();
        assertThat(CHECK.refusal("w".repeat(256), "x")).isEqualTo("index name of 256 bytes is longer than the 255 bytes Elasticsearch accepts");
    }

    @Test
    void noneChecksNothing() {
        assertThat(BulkActionCheck.NONE.refusal("_Bad", "a".repeat(1000))).isNull();
    }
}
