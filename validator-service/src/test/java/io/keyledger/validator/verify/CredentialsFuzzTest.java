package io.keyledger.validator.verify;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.Map;

/** Jazzer target for the forward-auth credentials: every header and the original URI are the client's to choose. */
class CredentialsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void credentialsAreReadFromAnyHeadersWithoutThrowing(FuzzedDataProvider data) {
        Map<String, String> headers = new HashMap<>();
        for (String name : new String[] {Credentials.AUTHORIZATION, Credentials.API_KEY, Credentials.ORGANIZATION_KEY}) {
            if (data.consumeBoolean()) {
                headers.put(name, data.consumeString(200));
            }
        }
        String uri = data.consumeBoolean() ? null : data.consumeRemainingAsString();
        Credentials.from(headers::get, uri, true);
    }
}
