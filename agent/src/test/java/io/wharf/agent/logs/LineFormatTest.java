package io.wharf.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineFormatTest {
    static LineFormat.Decoded decode(LineFormat f, String line) {
        byte[] b = ("xx" + line).getBytes(StandardCharsets.UTF_8);
        return f.decode(b, 2, b.length - 2);
    }

    @Test
    void dockerJsonFileRecords() {
        var full = decode(new JsonFileFormat(), "{\"log\":\"caf\\u00e9 \\\"q\\\"\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-21T17:00:00.123456789Z\"}");
        assertThat(full).isEqualTo(new LineFormat.Decoded("stderr", "café \"q\"", "2026-11-21T17:00:00.123456789Z", false, false));
        var partial = decode(new JsonFileFormat(), "{\"log\":\"abc\",\"stream\":\"stdout\",\"time\":\"t\"}");
        assertThat(partial.partial()).isTrue();
        assertThat(decode(new JsonFileFormat(), "{\"log\":\"abc\\n\",\"stre").broken()).isTrue();
    }

    @Test
    void criRecords() {
        assertThat(decode(new CriFormat(), "2026-11-21T17:00:00.1Z stdout F hello world"))
                .isEqualTo(new LineFormat.Decoded("stdout", "hello world", "2026-11-21T17:00:00.1Z", false, false));
        assertThat(decode(new CriFormat(), "2026-11-21T17:00:00.1Z stderr P part").partial()).isTrue();
        assertThat(decode(new CriFormat(), "2026-11-21T17:00:00.1Z stdout F ").text()).isEmpty();
        assertThat(decode(new CriFormat(), "garbage").broken()).isTrue();
    }

    @Test
    void plainLinesDropTheCarriageReturnOfCrlf() {
        assertThat(decode(new PlainFormat(), "line\r").text()).isEqualTo("line");
    }
}
