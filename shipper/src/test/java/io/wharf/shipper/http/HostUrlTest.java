package io.wharf.shipper.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostUrlTest {
    @Test
    void userInfoIsTakenApartAndNeverShown() {
        HostUrl h = HostUrl.parse("http://wharf:pa55w0rd@es1:9200/");
        assertThat(h.base()).isEqualTo("http://es1:9200");
        assertThat(h.user()).isEqualTo("wharf");
        assertThat(h.password().reveal()).isEqualTo("pa55w0rd");
        assertThat(h.host()).isEqualTo("es1");
        assertThat(h.port()).isEqualTo(9200);
        assertThat(h).hasToString("http://wharf:<redacted>@es1:9200");
    }

    @Test
    void reservedCharactersOfAPasswordArePercentDecoded() {
        HostUrl h = HostUrl.parse("https://user%40corp:p%40ss%3Aw%2Frd@[::1]:9243");
        assertThat(h.user()).isEqualTo("user@corp");
        assertThat(h.password().reveal()).isEqualTo("p@ss:w/rd");
        assertThat(h.base()).isEqualTo("https://[::1]:9243");
        assertThat(h.toString()).doesNotContain("p%40ss");
    }

    @Test
    void aUrlWithoutUserInfoIsUnchanged() {
        HostUrl h = HostUrl.parse("https://es1:9200");
        assertThat(h.user()).isNull();
        assertThat(h.password()).isNull();
        assertThat(h.base()).isEqualTo("https://es1:9200");
        assertThat(h).hasToString("https://es1:9200");
    }

    @Test
    void aBadUrlIsRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> HostUrl.parse("http://wharf:pa55 w0rd@es1:9200"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a URL")
                .hasMessageNotContaining("pa55");
        assertThatThrownBy(() -> HostUrl.parse("es1:9200")).hasMessageContaining("scheme and a host");
    }
}
