package io.keyledger.support.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;

/** Jazzer targets for the client-address rule: the headers are the client's to choose, the answer must still be one it is entitled to. */
class TrustedProxiesFuzzTest {

    private static final TrustedProxies LOOPBACK = TrustedProxies.of(TrustedProxies.LOOPBACK);
    private static final TrustedProxies PRIVATE = TrustedProxies.of(List.of("10.0.0.0/8", "fd00::/8", "127.0.0.1"));

    @FuzzTest(maxDuration = "30s")
    void theJudgedAddressIsThePeerOrAnUntrustedHop(FuzzedDataProvider data) {
        TrustedProxies proxies = data.consumeBoolean() ? LOOPBACK : PRIVATE;
        String peer = data.consumeBoolean() ? data.pickValue(new String[] {"127.0.0.1", "10.1.2.3", "::1", "203.0.113.9"})
                : data.consumeString(50);
        String xff = data.consumeBoolean() ? null : data.consumeString(300);
        String realIp = data.consumeBoolean() ? null : data.consumeRemainingAsString();
        String judged = proxies.clientAddress(peer, xff, realIp);
        if (!proxies.isTrusted(peer)) {
            assertThat(judged).isEqualTo(peer);
            return;
        }
        if (judged.equals(peer)) {
            return;
        }
        assertThat(TrustedProxies.parseLiteral(judged)).as("judged %s", judged).isNotNull();
        if (xff != null && !xff.isBlank()) {
            assertThat(Arrays.stream(xff.split(",")).map(String::trim)).contains(judged);
            assertThat(proxies.isTrusted(judged)).isFalse();
        } else {
            assertThat(judged).isEqualTo(realIp.trim());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void configurationIsRefusedOnlyByName(FuzzedDataProvider data) {
        String first = data.consumeString(60);
        String second = data.consumeRemainingAsString();
        try {
            TrustedProxies proxies = TrustedProxies.of(List.of(first, second));
            proxies.isTrusted(first);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).startsWith("keyledger.trusted-proxies: ");
        }
    }
}
