package io.keyledger.validator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target for the verify body reader: any bytes a client sends read as a request or are
 * refused with the IllegalArgumentException the hot path answers as 400, never anything else.
 */
class VerifyRequestFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void aBodyReadsAsARequestOrA400(FuzzedDataProvider data) {
        byte[] body = data.consumeRemainingAsBytes();
        try {
            VerifyRequest request = VerifyRequest.read(body, 0, body.length);
            assertThat(request).isNotNull();
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank().doesNotContain("Exception");
        }
    }
}
