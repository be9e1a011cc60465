package io.wharf.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.core.config.ByteSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventAssemblerTest {
    record Out(EventAssembler.Assembled event, long safe) {
    }

    final List<Out> out = new ArrayList<>();

    EventAssembler assembler(MultilineConfig multiline, long maxLine) {
        return new EventAssembler(multiline, maxLine, (e, safe) -> out.add(new Out(e, safe)));
    }

    static LineFormat.Decoded rec(String stream, String text, boolean partial) {
        return new LineFormat.Decoded(stream, text, "2026-01-01T00:00:00.000000001Z", partial, false);
    }

    @Test
    void partialRecordsOfOneStreamAreMergedAndKeepTheirFirstOffset() throws Exception {
        EventAssembler a = assembler(MultilineConfig.NONE, 1 << 20);
        a.record(rec("stdout", "aaa", true), 0, 10, false);
        a.record(rec("stderr", "err", false), 10, 20, false);
        a.record(rec("stdout", "bbb", false), 20, 30, false);
        assertThat(out).extracting(o -> o.event().message()).containsExactly("err", "aaabbb");
        // The stderr line may not be committed past the stdout line still being merged.
        assertThat(out.get(0).safe()).isEqualTo(0);
        assertThat(out.get(1).event().start()).isEqualTo(0);
        assertThat(out.get(1).safe()).isEqualTo(30);
    }

    @Test
    void aLineOverTheLimitIsCutAndFlagged() throws Exception {
        EventAssembler a = assembler(MultilineConfig.NONE, 16 * 1024);
        String chunk = "x".repeat(16 * 1024);
        a.record(rec("stdout", chunk, true), 0, 100, false);
        a.record(rec("stdout", chunk, true), 100, 200, false);
        a.record(rec("stdout", "end", false), 200, 300, false);
        a.record(rec("stdout", "next", false), 300, 310, false);
        assertThat(out.get(0).event().message()).hasSize(16 * 1024);
        assertThat(out.get(0).event().truncated()).isTrue();
        assertThat(out.get(1).event().message()).isEqualTo("next");
        assertThat(out.get(1).event().truncated()).isFalse();
    }

    @Test
    void multilineJoinsPerStreamAndNeverPastAnotherStreamsPendingEvent() throws Exception {
        MultilineConfig ml = new MultilineConfig("pattern", "^\\d{4}-", null, null, ByteSize.ofMiB(1), Duration.ofSeconds(5));
        EventAssembler a = assembler(ml, 1 << 20);
        a.record(rec("stdout", "2026-01-01 error", false), 0, 10, false);
        a.record(rec("stdout", "Traceback:", false), 10, 20, false);
        a.record(rec("stderr", "2026-01-01 warn", false), 20, 30, false);
        a.record(rec("stdout", "  File x", false), 30, 40, false);
        a.record(rec("stdout", "2026-01-01 next", false), 40, 50, false);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).event().message()).isEqualTo("2026-01-01 error\nTraceback:\n  File x");
        assertThat(out.get(0).event().stream()).isEqualTo("stdout");
        assertThat(out.get(0).safe()).as("stderr's pending event starts at 20").isEqualTo(20);
        a.flushAll(50);
        assertThat(out).extracting(o -> o.event().message()).containsExactly(
                "2026-01-01 error\nTraceback:\n  File x", "2026-01-01 warn", "2026-01-01 next");
        assertThat(out).extracting(Out::safe).isSorted();
        assertThat(out.get(out.size() - 1).safe()).isEqualTo(50);
    }

    @Test
    void anUndecodableRecordIsKeptRawAndFlagged() throws Exception {
        EventAssembler a = assembler(MultilineConfig.NONE, 1 << 20);
        LineFormat.Decoded d = new JsonFileFormat().decode("{not json".getBytes(), 0, 9);
        a.record(d, 0, 10, false);
        assertThat(out.get(0).event().broken()).isTrue();
        assertThat(out.get(0).event().message()).isEqualTo("{not json");
    }
}
