package io.keyledger.support.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.of(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8"));

    @ParameterizedTest(name = "peer {0}, XFF [{1}], X-Real-IP [{2}] -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // an untrusted peer is judged by itself, whatever it sends
            "203.0.113.9 | 198.51.100.1        | 198.51.100.2 | 203.0.113.9",
            "203.0.113.9 | null                | 198.51.100.2 | 203.0.113.9",
            // a trusted proxy: the rightmost untrusted hop
            "127.0.0.1   | 198.51.100.1        | null         | 198.51.100.1",
            "127.0.0.1   | 1.2.3.4, 198.51.100.1 | null       | 198.51.100.1",
            "127.0.0.1   | 198.51.100.1, 10.1.1.1 | null      | 198.51.100.1",
            // X-Forwarded-For wins over X-Real-IP; X-Real-IP only when no XFF
            "127.0.0.1   | 198.51.100.1        | 1.1.1.1      | 198.51.100.1",
            "127.0.0.1   | null                | 1.1.1.1      | 1.1.1.1",
            // only trusted hops, or garbage: the peer
            "127.0.0.1   | 10.0.0.1, 127.0.0.2 | null         | 127.0.0.1",
            "127.0.0.1   | 1.2.3.4, not-an-ip  | null         | 127.0.0.1",
            "127.0.0.1   | null                | evil.example | 127.0.0.1",
            "::1         | 2001:db8::1         | null         | 2001:db8::1",
    })
    void judgesTheRightAddress(String peer, String xff, String realIp, String expected) {
        assertThat(proxies.clientAddress(peer, xff, realIp)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "example.com", "'1.2.3.4 '", "::g"})
    void notALiteral(String text) {
        assertThat(TrustedProxies.parseLiteral(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/33", "10.0.0.0/x", "example.com/8"})
    void refusesBadConfiguration(String cidr) {
        assertThatThrownBy(() -> TrustedProxies.of(List.of(cidr))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cidr);
    }
}
