package io.keyledger.validator.web;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.grpc.stub.StreamObserver;
import io.keyledger.support.net.TrustedProxies;
import io.keyledger.validator.hotset.HotSetReadiness;
import io.keyledger.validator.verify.Verdict;
import io.keyledger.validator.verify.VerificationService;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Envoy's ext_authz gRPC service ({@code envoy.service.auth.v3.Authorization/Check}) with the
 * judgement of {@code /v1/auth}: the request mapped by {@link EnvoyCheckRequests}, the same codes,
 * headers and problem bodies ({@link HotPathHeaders}, {@link ForwardAuthProblems}).
 *
 * <ul>
 *   <li>Allowed: gRPC {@code OK}; towards the application {@code X-Keyledger-Key-Id},
 *       {@code X-Keyledger-Organization-Id}, {@code X-Keyledger-Code}, each overwriting what the client
 *       sent; towards the client the {@code X-RateLimit-*} headers ({@code response_headers_to_add}).</li>
 *   <li>Refused: the HTTP status of the code (401, 403, 429) with every forward-auth header
 *       ({@code X-Keyledger-Code}, {@code X-RateLimit-*}, {@code Retry-After} on 429) and the
 *       {@code application/problem+json} body of {@code /v1/auth}; gRPC status
 *       {@code UNAUTHENTICATED}, {@code PERMISSION_DENIED} or {@code RESOURCE_EXHAUSTED}.</li>
 *   <li>The hot set still catching up: 503 with {@code Retry-After: 1} and a problem body, gRPC
 *       {@code UNAVAILABLE}, as the HTTP hot path answers.</li>
 * </ul>
 */
final class EnvoyAuthorizationService extends AuthorizationGrpc.AuthorizationImplBase {

    private static final String NOT_READY = "the validation set is still catching up with the event store";
    private static final String NOT_READY_BODY = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
            + "\"status\":503,\"detail\":\"" + NOT_READY + "\"}";

    private final VerificationService verification;
    private final TrustedProxies proxies;
    private final HotSetReadiness readiness;
    private final boolean queryKeys;

    EnvoyAuthorizationService(VerificationService verification, TrustedProxies proxies, HotSetReadiness readiness,
                              boolean queryKeys) {
        this.verification = verification;
        this.proxies = proxies;
        this.readiness = readiness;
        this.queryKeys = queryKeys;
    }

    @Override
    public void check(CheckRequest request, StreamObserver<CheckResponse> answer) {
        answer.onNext(judge(request, peer()));
        answer.onCompleted();
    }

    CheckResponse judge(CheckRequest request, String peer) {
        if (!readiness.caughtUp()) {
            return CheckResponse.newBuilder()
                    .setStatus(Status.newBuilder().setCode(Code.UNAVAILABLE_VALUE).setMessage(NOT_READY))
                    .setDeniedResponse(DeniedHttpResponse.newBuilder()
                            .setStatus(HttpStatus.newBuilder().setCodeValue(503))
                            .addHeaders(header("Retry-After", "1"))
                            .addHeaders(header("Content-Type", ForwardAuthProblems.CONTENT_TYPE))
                            .setBody(NOT_READY_BODY))
                    .build();
        }
        Verdict verdict = verification.verify(EnvoyCheckRequests.toInput(request, peer, queryKeys, proxies));
        CheckResponse.Builder response = CheckResponse.newBuilder();
        if (verdict.valid()) {
            OkHttpResponse.Builder ok = OkHttpResponse.newBuilder();
            HotPathHeaders.forwardAuth(verdict, (name, value) -> {
                String n = name.toString();
                if (n.startsWith("X-RateLimit-")) {
                    ok.addResponseHeadersToAdd(header(n, value));
                } else {
                    ok.addHeaders(header(n, value));
                }
            });
            return response.setStatus(Status.newBuilder().setCode(Code.OK_VALUE)).setOkResponse(ok).build();
        }
        int status = verdict.code().httpStatus();
        DeniedHttpResponse.Builder denied = DeniedHttpResponse.newBuilder()
                .setStatus(HttpStatus.newBuilder().setCodeValue(status));
        HotPathHeaders.forwardAuth(verdict, (name, value) -> denied.addHeaders(header(name.toString(), value)));
        byte[] body = ForwardAuthProblems.body(verdict.code());
        denied.addHeaders(header("Content-Type", ForwardAuthProblems.CONTENT_TYPE));
        denied.setBody(new String(body, StandardCharsets.UTF_8));
        int code = status == 401 ? Code.UNAUTHENTICATED_VALUE : status == 429 ? Code.RESOURCE_EXHAUSTED_VALUE
                : Code.PERMISSION_DENIED_VALUE;
        return response.setStatus(Status.newBuilder().setCode(code).setMessage(verdict.code().name()))
                .setDeniedResponse(denied).build();
    }

    /** A header that replaces any the client sent of that name (never appended to a client's value). */
    private static HeaderValueOption header(String name, String value) {
        return HeaderValueOption.newBuilder().setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
                .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD).build();
    }

    private static String peer() {
        Object remote = GrpcAuthServer.PEER.get();
        return remote instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : null;
    }
}
