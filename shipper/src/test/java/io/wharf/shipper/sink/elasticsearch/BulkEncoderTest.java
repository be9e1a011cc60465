package io.wharf.shipper.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.core.event.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkEncoderTest {

    @Test
    void createWithTheEventIdIntoItsDataStream() {
        var encoder = new BulkEncoder(true, "prod", "wharf-logs");
        LogEvent e = LogEvent.ofMessage("hello").id("c1-2s").dataset("dirac").put("@timestamp", "2026-11-21T10:00:00Z");
        String body = new String(encoder.body(List.of(encoder.item(e))), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("""
                {"create":{"_index":"logs-wharf.dirac-prod","_id":"c1-2s"}}
                {"message":"hello","@timestamp":"2026-11-21T10:00:00Z"}
                """);
    }

    @Test
    void withoutIdElasticsearchAssignsOneAndAMissingTimestampIsAdded() {
        var encoder = new BulkEncoder(true, "default", "wharf-logs");
        String body = new String(encoder.body(List.of(encoder.item(LogEvent.ofMessage("x")))), StandardCharsets.UTF_8);
        assertThat(body).startsWith("{\"create\":{\"_index\":\"logs-wharf.container-default\"}}\n{\"@timestamp\":\"");
    }

    @Test
    void dailyIndexFollowsTheEventDayAndDatasetsAreSanitised() {
        var encoder = new BulkEncoder(false, "default", "wharf-logs");
        LogEvent e = LogEvent.ofMessage("x").dataset("My-App").put("@timestamp", "2026-01-02T23:59:59.5Z");
        assertThat(encoder.indexFor(e)).isEqualTo("wharf-logs-my_app-2026.01.02");
    }
}
