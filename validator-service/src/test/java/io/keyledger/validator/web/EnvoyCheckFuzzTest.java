package io.keyledger.validator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.keyledger.support.net.TrustedProxies;
import io.keyledger.validator.verify.VerifyInput;
import java.util.Set;

/**
 * Jazzer target for the gRPC ext_authz request mapping: any bytes that parse as a
 * {@code CheckRequest} (what grpc-java hands the service) map to a {@link VerifyInput} without
 * throwing, judged by the real verifier into an answer of the forward-auth kinds. The address
 * judged is the peer's or, the peer being trusted, Envoy's source when it is an IP literal; the
 * key comes only from the credential headers; nothing is ever allowed without a key.
 */
class EnvoyCheckFuzzTest {

    private static final Set<Integer> REFUSALS = Set.of(401, 403, 429);
    private final HotPathFixture fixture = new HotPathFixture();
    private final TrustedProxies proxies = TrustedProxies.of(TrustedProxies.LOOPBACK);
    private final EnvoyAuthorizationService service =
            new EnvoyAuthorizationService(fixture.verification, proxies, fixture.readiness, true);

    @FuzzTest(maxDuration = "30s")
    void anyCheckRequestMapsToAnInputAndGetsAForwardAuthAnswer(FuzzedDataProvider data) {
        String peer = data.pickValue(new String[] {"127.0.0.1", "198.51.100.7"});
        boolean withKey = data.consumeBoolean();
        CheckRequest request;
        try {
            request = CheckRequest.parseFrom(data.consumeRemainingAsBytes());
        } catch (InvalidProtocolBufferException e) {
            return; // grpc-java refuses the call before the service sees it
        }
        if (withKey) {
            // a real key in the message the fuzzer made, to reach the verdicts past NOT_FOUND
            CheckRequest.Builder b = request.toBuilder();
            b.getAttributesBuilder().getRequestBuilder().getHttpBuilder().putHeaders("x-api-key", fixture.key);
            request = b.build();
        }
        VerifyInput input = EnvoyCheckRequests.toInput(request, peer, true, proxies);
        String source = request.getAttributes().getSource().getAddress().getSocketAddress().getAddress();
        if (peer.equals("198.51.100.7") || TrustedProxies.parseLiteral(source) == null) {
            assertThat(input.ip()).isEqualTo(peer);
        } else {
            assertThat(input.ip()).isIn(peer, source.trim());
        }
        assertThat(input.spend()).isTrue();

        CheckResponse answer = service.judge(request, peer);
        if (answer.hasOkResponse()) {
            assertThat(answer.getStatus().getCode()).isZero();
            assertThat(input.key()).isNotNull();
        } else {
            assertThat(answer.getStatus().getCode()).isNotZero();
            assertThat(REFUSALS).contains(answer.getDeniedResponse().getStatus().getCodeValue());
            assertThat(answer.getDeniedResponse().getBody()).contains("\"status\":"
                    + answer.getDeniedResponse().getStatus().getCodeValue());
        }
    }
}
