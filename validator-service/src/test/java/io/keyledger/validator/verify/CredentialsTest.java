package io.keyledger.validator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.support.net.TrustedProxies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static Credentials from(Map<String, String> headers, String uri, boolean queryKeys) {
        return Credentials.from(headers::get, uri, queryKeys);
    }

    @Test
    void eachSchemeIsRead() {
        assertThat(from(Map.of("X-API-Key", "a"), null, false)).isEqualTo(new Credentials("a", null));
        assertThat(from(Map.of("Authorization", "Bearer b"), null, false)).isEqualTo(new Credentials("b", null));
        assertThat(from(Map.of("Authorization", "bearer  b "), null, false)).isEqualTo(new Credentials("b", null));
        assertThat(from(Map.of("X-Organization-Api-Key", "o", "Authorization", "Bearer u"), null, false))
                .isEqualTo(new Credentials("u", "o"));
        assertThat(from(Map.of("Authorization", "Basic Zm9vOmJhcg=="), null, false)).isEqualTo(new Credentials(null, null));
    }

    @Test
    void theQueryParameterCountsOnlyWhenEnabledAndOnlyWithoutHeaders() {
        assertThat(from(Map.of(), "/x?a=1&api_key=q%2B1", false).key()).isNull();
        assertThat(from(Map.of(), "/x?a=1&api_key=q%2B1", true).key()).isEqualTo("q+1");
        assertThat(from(Map.of("X-API-Key", "h"), "/x?api_key=q", true).key()).isEqualTo("h");
        assertThat(from(Map.of(), "/x?my_api_key=q", true).key()).isNull();
    }

    /**
     * DESIGN §8 as rows: trusted proxies 127.0.0.0/8 and 10.0.0.0/8. The peer is the client unless
     * it is trusted; then the rightmost X-Forwarded-For hop that is not trusted; X-Real-IP only from
     * a trusted peer that sent no X-Forwarded-For. ("-": header absent.)
     */
    @ParameterizedTest(name = "peer {0}, XFF {1}, X-Real-IP {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "198.51.100.7 | -                       | -            | 198.51.100.7",
            "198.51.100.7 | 1.1.1.1                 | -            | 198.51.100.7",
            "198.51.100.7 | -                       | 1.1.1.1      | 198.51.100.7",
            "198.51.100.7 | 1.1.1.1                 | 2.2.2.2      | 198.51.100.7",
            "127.0.0.1    | -                       | -            | 127.0.0.1",
            "127.0.0.1    | 203.0.113.9             | -            | 203.0.113.9",
            "127.0.0.1    | 6.6.6.6, 203.0.113.9    | -            | 203.0.113.9",
            "127.0.0.1    | 6.6.6.6, 203.0.113.9, 10.1.1.1 | -     | 203.0.113.9",
            "127.0.0.1    | 10.2.2.2, 10.1.1.1      | -            | 127.0.0.1",
            "127.0.0.1    | 203.0.113.9             | 1.1.1.1      | 203.0.113.9",
            "127.0.0.1    | -                       | 203.0.113.5  | 203.0.113.5",
            "127.0.0.1    | 6.6.6.6, not-an-ip      | -            | 127.0.0.1",
            "127.0.0.1    | -                       | not-an-ip    | 127.0.0.1",
            "10.9.9.9     | 2001:db8::1             | -            | 2001:db8::1",
            "::1          | 203.0.113.9             | -            | 203.0.113.9",
    })
    void theClientAddressIsThePeerUnlessTheProxyIsTrusted(String peer, String forwardedFor, String realIp, String expected) {
        TrustedProxies proxies = TrustedProxies.of(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8"));
        assertThat(Credentials.clientIp(proxies, peer, absent(forwardedFor), absent(realIp))).isEqualTo(expected);
    }

    @Test
    void withNoTrustedProxyTheHeadersCountForNothing() {
        TrustedProxies none = TrustedProxies.of(List.of());
        assertThat(Credentials.clientIp(none, "127.0.0.1", "203.0.113.9", "203.0.113.5")).isEqualTo("127.0.0.1");
    }

    private static String absent(String value) {
        return value == null || value.equals("-") ? null : value;
    }
}
