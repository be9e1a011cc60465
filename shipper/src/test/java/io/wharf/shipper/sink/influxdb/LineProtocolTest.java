package io.wharf.shipper.sink.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.core.event.MetricPoint;
import org.junit.jupiter.api.Test;

class LineProtocolTest {

    @Test
    void escapesEachPartByItsOwnRules() {
        MetricPoint p = MetricPoint.builder("cpu load,x=1")
                .tag("host name", "a=b,c")
                .field("n", 3L)
                .field("ratio=x", 0.5)
                .field("ok", true)
                .field("msg", "say \"hi\" \\ bye")
                .timestampNanos(1_700_000_000_123_456_789L)
                .build();
        assertThat(LineProtocol.line(p, "ns")).isEqualTo(
                "cpu\\ load\\,x=1,host\\ name=a\\=b\\,c n=3i,ratio\\=x=0.5,ok=true,msg=\"say \\\"hi\\\" \\\\ bye\" 1700000000123456789");
    }

    @Test
    void precisionTruncatesTheTimestamp() {
        MetricPoint p = MetricPoint.builder("m").field("v", 1.0).timestampNanos(1_700_000_000_123_456_789L).build();
        assertThat(LineProtocol.line(p, "ms")).isEqualTo("m v=1.0 1700000000123");
        assertThat(LineProtocol.line(p, "s")).isEqualTo("m v=1.0 1700000000");
    }

    @Test
    void aBackslashTheProtocolCannotExpressBecomesASlash() {
        MetricPoint p = MetricPoint.builder("m\\").tag("k", "a\\ b").tag("path", "C:\\dir").field("v", 1L).timestampNanos(1).build();
        assertThat(LineProtocol.line(p, "ns")).isEqualTo("m/,k=a/\\ b,path=C:\\dir v=1i 1");
        MetricPoint q = MetricPoint.builder("m").field("say\\\"hi", 1L).timestampNanos(1).build();
        assertThat(LineProtocol.line(q, "ns")).isEqualTo("m say/\"hi=1i 1");
    }
}
