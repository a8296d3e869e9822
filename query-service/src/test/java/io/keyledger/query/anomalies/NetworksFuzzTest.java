package io.keyledger.query.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Jazzer target for the network of an attempt's address: whatever the verify caller sent as {@code ip}. */
class NetworksFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void aNetworkIsACidrOrNothing(FuzzedDataProvider data) {
        String ip = data.consumeRemainingAsString();
        String network = Networks.of(ip);
        if (network != null) {
            assertThat(network).matches("[0-9]{1,3}(\\.[0-9]{1,3}){2}\\.0/24|[0-9a-f:]+/48");
            assertThat(Networks.of(ip)).isEqualTo(network);
        }
    }
}
