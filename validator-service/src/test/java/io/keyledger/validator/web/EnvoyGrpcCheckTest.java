package io.keyledger.validator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import com.google.rpc.Code;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.support.net.TrustedProxies;
import io.keyledger.validator.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Envoy's ext_authz over gRPC against the real verifier and hot set, through a real port and a
 * client built from the same protos ({@code io.envoyproxy.controlplane:api}): every forward-auth
 * rule as a row, and the same status, headers and body as {@code GET /v1/auth} on the HTTP hot path.
 */
class EnvoyGrpcCheckTest {

    private final HotPathFixture fixture = new HotPathFixture();
    private final TestKeys keys = new TestKeys(29);
    private final String limited = keys.newKey();
    private GrpcAuthServer grpc;
    private NettyHotPathServer http;
    private ManagedChannel channel;
    private AuthorizationGrpc.AuthorizationBlockingStub stub;

    EnvoyGrpcCheckTest() {
        fixture.hotSet.on(TestKeys.created("k-limited", "org_a", limited, List.of("tasks:read"),
                new RateLimit(null, null, 1, null, null), Restrictions.NONE, null));
    }

    private void start(List<String> trusted) throws Exception {
        TrustedProxies proxies = TrustedProxies.of(trusted);
        grpc = new GrpcAuthServer("127.0.0.1", 0,
                new EnvoyAuthorizationService(fixture.verification, proxies, fixture.readiness, false));
        http = new NettyHotPathServer("127.0.0.1", 0, 1, fixture.verification, fixture.json, false, 64 * 1024,
                Duration.ofSeconds(60), Duration.ofSeconds(10), proxies, fixture.readiness);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
        stub = AuthorizationGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (grpc != null) {
            grpc.close();
        }
        if (http != null) {
            http.close();
        }
    }

    /** A Check as Envoy sends it: the original request's (lower-case) headers, its path, the downstream source. */
    private static CheckRequest check(Map<String, String> headers, Map<String, String> context, String source) {
        AttributeContext.Builder attributes = AttributeContext.newBuilder()
                .setRequest(AttributeContext.Request.newBuilder().setHttp(AttributeContext.HttpRequest.newBuilder()
                        .setMethod("GET").setPath("/tasks/1?x=y").setHost("api.example").putAllHeaders(headers)))
                .putAllContextExtensions(context);
        if (source != null) {
            attributes.setSource(AttributeContext.Peer.newBuilder().setAddress(Address.newBuilder()
                    .setSocketAddress(SocketAddress.newBuilder().setAddress(source).setPortValue(40000))));
        }
        return CheckRequest.newBuilder().setAttributes(attributes).build();
    }

    private static Map<String, String> read(String permission) {
        return Map.of(EnvoyCheckRequests.REQUIRED_PERMISSION, permission);
    }

    private static Map<String, String> headers(List<HeaderValueOption> options) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HeaderValueOption o : options) {
            assertThat(o.getAppendAction()).as(o.getHeader().getKey())
                    .isEqualTo(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
            out.put(o.getHeader().getKey(), o.getHeader().getValue());
        }
        return out;
    }

    /** gRPC status, HTTP status and X-Keyledger-Code of a Check's answer. */
    private String verdict(CheckRequest request) {
        CheckResponse answer = stub.check(request);
        if (answer.hasOkResponse()) {
            return Code.forNumber(answer.getStatus().getCode()) + " 200 " + headers(answer.getOkResponse().getHeadersList())
                    .get("X-Keyledger-Code");
        }
        return Code.forNumber(answer.getStatus().getCode()) + " " + answer.getDeniedResponse().getStatus().getCodeValue()
                + " " + headers(answer.getDeniedResponse().getHeadersList()).get("X-Keyledger-Code");
    }

    @Test
    void everyForwardAuthRuleAsARow() throws Exception {
        start(TrustedProxies.LOOPBACK);
        String key = fixture.key;
        String pinned = fixture.pinnedKey;
        record Row(String what, CheckRequest request, String expected) {
        }
        List<Row> rows = List.of(
                new Row("X-API-Key", check(Map.of("x-api-key", key), read("tasks:read"), null), "OK 200 VALID"),
                new Row("Bearer", check(Map.of("authorization", "Bearer " + key), read("tasks:read"), null), "OK 200 VALID"),
                new Row("no key", check(Map.of(), read("tasks:read"), null), "UNAUTHENTICATED 401 MALFORMED"),
                new Row("unknown key", check(Map.of("x-api-key", keys.newKey()), Map.of(), null), "UNAUTHENTICATED 401 NOT_FOUND"),
                new Row("no such permission", check(Map.of("x-api-key", key), read("tasks:write"), null),
                        "PERMISSION_DENIED 403 FORBIDDEN"),
                new Row("several, all needed", check(Map.of("x-api-key", key), read("tasks:read, tasks:write"), null),
                        "PERMISSION_DENIED 403 FORBIDDEN"),
                new Row("an unparseable permission fails closed", check(Map.of("x-api-key", key), read("tasks"), null),
                        "PERMISSION_DENIED 403 FORBIDDEN"),
                // the client's own X-Required-* headers are never read: the route's context_extensions are
                new Row("client cannot lower the requirement", check(Map.of("x-api-key", key, "x-required-permission", ""),
                        read("tasks:write"), null), "PERMISSION_DENIED 403 FORBIDDEN"),
                new Row("client cannot raise it either", check(Map.of("x-api-key", key, "x-required-permission", "tasks:write"),
                        Map.of(), null), "OK 200 VALID"),
                new Row("the route's organization", check(Map.of("x-api-key", key),
                        Map.of(EnvoyCheckRequests.REQUIRED_ORGANIZATION, "org_a"), null), "OK 200 VALID"),
                new Row("another organization's route", check(Map.of("x-api-key", key),
                        Map.of(EnvoyCheckRequests.REQUIRED_ORGANIZATION, "org_b"), null), "UNAUTHENTICATED 401 NOT_FOUND"),
                new Row("a malformed organization fails closed", check(Map.of("x-api-key", key),
                        Map.of(EnvoyCheckRequests.REQUIRED_ORGANIZATION, "org a/.."), null), "UNAUTHENTICATED 401 NOT_FOUND"),
                // Envoy's source address, believed from a trusted peer (loopback here)
                new Row("pinned key, source inside", check(Map.of("x-api-key", pinned), Map.of(), "203.0.113.9"), "OK 200 VALID"),
                new Row("pinned key, source outside", check(Map.of("x-api-key", pinned), Map.of(), "198.51.100.1"),
                        "PERMISSION_DENIED 403 IP_NOT_ALLOWED"),
                new Row("the client's X-Forwarded-For is not read", check(Map.of("x-api-key", pinned,
                        "x-forwarded-for", "203.0.113.9", "x-real-ip", "203.0.113.9"), Map.of(), "198.51.100.1"),
                        "PERMISSION_DENIED 403 IP_NOT_ALLOWED"),
                new Row("a source that is no IP is the peer", check(Map.of("x-api-key", pinned), Map.of(), "203.0.113.9/pipe"),
                        "PERMISSION_DENIED 403 IP_NOT_ALLOWED"),
                new Row("rate limit: the first", check(Map.of("x-api-key", limited), Map.of(), null), "OK 200 VALID"),
                new Row("rate limit: spent", check(Map.of("x-api-key", limited), Map.of(), null),
                        "RESOURCE_EXHAUSTED 429 RATE_LIMITED"));
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> actual = new LinkedHashMap<>();
        for (Row row : rows) {
            expected.put(row.what(), row.expected());
            actual.put(row.what(), verdict(row.request()));
        }
        assertThat(actual).containsExactlyEntriesOf(expected);
        // the attempt records the address judged: Envoy's source
        assertThat(fixture.attempts).anySatisfy(a -> assertThat(a.ip()).isEqualTo("203.0.113.9"));
    }

    @Test
    void anUntrustedPeerIsJudgedByItsOwnAddressWhateverSourceItNames() throws Exception {
        start(List.of("10.0.0.0/8"));
        assertThat(verdict(check(Map.of("x-api-key", fixture.pinnedKey), Map.of(), "203.0.113.9")))
                .isEqualTo("PERMISSION_DENIED 403 IP_NOT_ALLOWED");
        assertThat(fixture.attempts).last().satisfies(a -> assertThat(a.ip()).isEqualTo("127.0.0.1"));
    }

    @Test
    void rawHeadersInHeaderMapAreReadToo() throws Exception {
        start(TrustedProxies.LOOPBACK);
        CheckRequest raw = CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder()
                .setRequest(AttributeContext.Request.newBuilder().setHttp(AttributeContext.HttpRequest.newBuilder()
                        .setPath("/").setHeaderMap(HeaderMap.newBuilder()
                                .addHeaders(HeaderValue.newBuilder().setKey("x-api-key")
                                        .setRawValue(com.google.protobuf.ByteString.copyFromUtf8(fixture.key)))))))
                .build();
        assertThat(verdict(raw)).isEqualTo("OK 200 VALID");
    }

    @Test
    void allowedAnswersTellTheApplicationWhoAndTheClientItsBudget() throws Exception {
        start(TrustedProxies.LOOPBACK);
        CheckResponse ok = stub.check(check(Map.of("x-api-key", fixture.key, "x-keyledger-key-id", "spoofed"),
                read("tasks:read"), null));
        assertThat(ok.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
        // overwrite, never append: the client's own X-Keyledger-Key-Id does not reach the application
        assertThat(headers(ok.getOkResponse().getHeadersList())).containsOnlyKeys("X-Keyledger-Key-Id",
                "X-Keyledger-Organization-Id", "X-Keyledger-Code").containsEntry("X-Keyledger-Key-Id", "k-open")
                .containsEntry("X-Keyledger-Organization-Id", "org_a");
        assertThat(headers(ok.getOkResponse().getResponseHeadersToAddList())).containsOnlyKeys("X-RateLimit-Limit",
                "X-RateLimit-Remaining", "X-RateLimit-Reset");
    }

    @Test
    void refusalsCarryTheHeadersAndBodyOfTheHttpForwardAuth() throws Exception {
        start(TrustedProxies.LOOPBACK);
        // spend the limited key's one request of the minute, so both stacks refuse it next
        assertThat(verdict(check(Map.of("x-api-key", limited), Map.of(), null))).isEqualTo("OK 200 VALID");
        List<Map<String, String>> cases = List.of(Map.of(), Map.of("x-api-key", fixture.key, "x-want", "tasks:write"),
                Map.of("x-api-key", limited));
        for (Map<String, String> c : cases) {
            String permission = c.getOrDefault("x-want", "tasks:read");
            Map<String, String> original = new LinkedHashMap<>(c);
            original.remove("x-want");
            CheckResponse grpcAnswer = stub.check(check(original, read(permission), null));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/v1/auth"))
                    .header("X-Required-Permission", permission);
            original.forEach(request::header);
            HttpResponse<String> httpAnswer = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(httpAnswer.statusCode()).isIn(401, 403, 429);
            assertThat(grpcAnswer.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(httpAnswer.statusCode());
            assertThat(grpcAnswer.getDeniedResponse().getBody()).isEqualTo(httpAnswer.body());
            Map<String, String> grpcHeaders = headers(grpcAnswer.getDeniedResponse().getHeadersList());
            Map<String, String> httpHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            httpAnswer.headers().map().forEach((name, values) -> httpHeaders.put(name, values.get(0)));
            httpHeaders.remove("content-length");
            assertThat(grpcHeaders.keySet()).as("headers of a %s", httpAnswer.statusCode())
                    .containsExactlyInAnyOrderElementsOf(httpHeaders.keySet());
            assertThat(grpcHeaders.get("X-Keyledger-Code")).isEqualTo(httpHeaders.get("X-Keyledger-Code"));
            assertThat(grpcHeaders.get("Content-Type")).isEqualTo("application/problem+json");
        }
        CheckResponse spent = stub.check(check(Map.of("x-api-key", limited), Map.of(), null));
        assertThat(headers(spent.getDeniedResponse().getHeadersList())).containsKey("Retry-After");
    }

    @Test
    void whileTheHotSetCatchesUpEveryCheckIs503WithRetryAfter() throws Exception {
        start(TrustedProxies.LOOPBACK);
        when(fixture.readiness.caughtUp()).thenReturn(false);
        CheckResponse answer = stub.check(check(Map.of("x-api-key", fixture.key), Map.of(), null));
        assertThat(answer.getStatus().getCode()).isEqualTo(Code.UNAVAILABLE_VALUE);
        assertThat(answer.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(503);
        assertThat(headers(answer.getDeniedResponse().getHeadersList())).containsEntry("Retry-After", "1");
        assertThat(fixture.attempts).isEmpty();
    }
}
