package io.keyledger.validator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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

    @Test
    void theClientIpIsWhatTheProxyNearestToUsSaw() {
        assertThat(Credentials.clientIp(Map.of("X-Real-IP", "1.1.1.1", "X-Forwarded-For", "2.2.2.2")::get, "9.9.9.9"))
                .isEqualTo("1.1.1.1");
        assertThat(Credentials.clientIp(Map.of("X-Forwarded-For", "6.6.6.6, 2.2.2.2")::get, "9.9.9.9"))
                .isEqualTo("2.2.2.2");
        assertThat(Credentials.clientIp(Map.<String, String>of()::get, "9.9.9.9")).isEqualTo("9.9.9.9");
    }
}
