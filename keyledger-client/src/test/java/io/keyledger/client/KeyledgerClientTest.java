package io.keyledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a com.sun.net.httpserver fake that answers scripted responses and records requests. */
class KeyledgerClientTest {

    record Answer(int status, String body, Map<String, String> headers) {
        static Answer json(int status, String body) {
            return new Answer(status, body, Map.of("Content-Type", status >= 400 ? "application/problem+json" : "application/json"));
        }
    }

    record Seen(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private static final String VALID = "{\"valid\":true,\"code\":\"VALID\",\"key_id\":\"key-1\",\"organization_id\":\"org-1\","
            + "\"permissions\":[\"tasks:read\"],\"ratelimit\":{\"limit\":100,\"remaining\":99,\"reset\":1700000060}}";
    private static final String REVOKED = "{\"valid\":false,\"code\":\"REVOKED\",\"key_id\":\"key-1\",\"organization_id\":\"org-1\","
            + "\"permissions\":[],\"ratelimit\":{\"limit\":100,\"remaining\":99,\"reset\":1700000060}}";
    private static final String KEY = "{\"id\":\"key-9\",\"prefix\":\"kl_live_ab\",\"name\":\"ci\",\"organization_id\":\"org-1\","
            + "\"environment\":\"live\",\"permissions\":[\"tasks:read\"],\"status\":\"active\",\"created_at\":\"2026-12-07T07:00:00Z\","
            + "\"version\":1,\"last_used\":null,\"something_new\":{\"x\":1}}";

    private HttpServer server;
    private final Queue<Answer> script = new ArrayDeque<>();
    private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong epoch = new AtomicLong(1_700_000_000);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        never.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Answer answer;
        synchronized (script) {
            answer = script.poll();
        }
        if (answer == null) {
            try {
                never.await(); // no answer: the client's request timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        answer.headers().forEach(exchange.getResponseHeaders()::add);
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private void then(Answer... answers) {
        synchronized (script) {
            script.addAll(List.of(answers));
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private KeyledgerClient.Builder client() {
        return KeyledgerClient.builder().validatorUrl(url()).commandUrl(url()).queryUrl(url()).apiKey("kl_live_admin")
                .requestTimeout(Duration.ofMillis(500)).retries(3, Duration.ofMillis(1), Duration.ofMillis(5))
                .clocks(nanos::get, epoch::get);
    }

    @Test
    void verifySendsSnakeCaseAndReadsTheTypedVerdict() {
        then(Answer.json(200, VALID));
        VerifyResult result = client().build().verify(VerifyRequest.of("kl_live_x", "tasks:read").withIp("203.0.113.7"));
        assertThat(result).isEqualTo(new VerifyResult(true, "VALID", "key-1", "org-1", List.of("tasks:read"),
                new VerifyResult.RateLimit(100, 99, 1_700_000_060)));
        Seen request = seen.poll();
        assertThat(request.method() + " " + request.uri()).isEqualTo("POST /v1/verify");
        assertThat(request.body()).isEqualTo("{\"key\":\"kl_live_x\",\"permissions\":[\"tasks:read\"],\"ip\":\"203.0.113.7\"}");
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void verifyIsRetriedOn503() {
        then(new Answer(503, "", Map.of("Retry-After", "0")), Answer.json(200, VALID));
        assertThat(client().build().verify(VerifyRequest.of("kl_live_x")).valid()).isTrue();
        assertThat(seen).hasSize(2);
    }

    @Test
    void rotateIsNotRetriedOnceSent() {
        then(Answer.json(503, "{\"status\":503,\"detail\":\"busy\"}"), Answer.json(200, "{}"));
        assertThatThrownBy(() -> client().build().rotateKey("key-9", Duration.ofHours(1)))
                .isInstanceOfSatisfying(KeyledgerException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).isEqualTo("503: busy");
                });
        assertThat(seen).hasSize(1);
        assertThat(seen.peek().body()).isEqualTo("{\"grace_period_seconds\":3600}");
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        KeyledgerClient client = client().validatorUrl("http://127.0.0.1:" + closed).build();
        assertThatThrownBy(() -> client.verify(VerifyRequest.of("kl_live_x")))
                .isInstanceOfSatisfying(KeyledgerException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.getMessage()).contains("after 3 attempts");
                });
    }

    @Test
    void noAnswerWithinTheRequestTimeoutFailsANonIdempotentCallAtOnce() {
        assertThatThrownBy(() -> client().build().disableKey("key-9"))
                .isInstanceOfSatisfying(KeyledgerException.class, e -> assertThat(e.getMessage()).contains("no answer"));
        assertThat(seen).hasSize(1);
    }

    @Test
    void createSendsBearerAndOneIdempotencyKeyAcrossRetries() {
        then(new Answer(503, "", Map.of()), Answer.json(201, KEY.replace("\"version\":1", "\"version\":1,\"key\":\"kl_live_secret\"")));
        CreatedKey created = client().build().createKey(NewKey.of("ci", "tasks:read"));
        assertThat(created.key()).isEqualTo("kl_live_secret");
        assertThat(created.record().id()).isEqualTo("key-9");
        assertThat(created.record().organizationId()).isEqualTo("org-1");
        assertThat(created.toString()).doesNotContain("kl_live_secret");
        Seen first = seen.poll();
        Seen second = seen.poll();
        assertThat(first.header("Authorization")).isEqualTo("Bearer kl_live_admin");
        assertThat(first.header("Idempotency-Key")).isNotBlank().isEqualTo(second.header("Idempotency-Key"));
        assertThat(first.body()).isEqualTo("{\"name\":\"ci\",\"permissions\":[\"tasks:read\"]}");
    }

    @Test
    void readsAndProblems() {
        then(Answer.json(200, KEY), Answer.json(200, "{\"data\":[" + KEY + "],\"next_cursor\":\"c2\"}"),
                Answer.json(404, "{\"type\":\"about:blank\",\"status\":404,\"detail\":\"no such key\"}"),
                new Answer(204, null, Map.of()), Answer.json(200, KEY),
                Answer.json(200, "{\"data\":[],\"next_cursor\":null}"));
        KeyledgerClient client = client().build();
        KeyRecord key = client.getKey("key-9");
        assertThat(key.status()).isEqualTo("active");
        assertThat(key.createdAt()).hasToString("2026-12-07T07:00:00Z");
        KeyPage page = client.listKeys("active", 10, "c1");
        assertThat(page.nextCursor()).isEqualTo("c2");
        assertThat(page.data()).extracting(KeyRecord::id).containsExactly("key-9");
        assertThatThrownBy(() -> client.getKey("nope")).isInstanceOfSatisfying(KeyledgerException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).isEqualTo("404: no such key");
            assertThat(e.problem()).contains("about:blank");
        });
        client.revokeKey("key-9", "leaked");
        assertThat(client.getKey("key-9", "org 1").organizationId()).isEqualTo("org-1");
        assertThat(client.listKeys("org-1", null, 0, null).data()).isEmpty();
        assertThat(seen).extracting(s -> s.method() + " " + s.uri()).containsExactly("GET /v1/api-keys/key-9",
                "GET /v1/api-keys?status=active&limit=10&cursor=c1", "GET /v1/api-keys/nope", "DELETE /v1/api-keys/key-9",
                "GET /v1/api-keys/key-9?organization_id=org+1", "GET /v1/api-keys?organization_id=org-1");
        assertThat(seen).extracting(Seen::body).element(3).isEqualTo("{\"reason\":\"leaked\"}");
    }

    @Test
    void forwardAuthReadsTheVerdictFromStatusAndHeaders() {
        then(new Answer(200, null, Map.of("X-Keyledger-Code", "VALID", "X-Keyledger-Key-Id", "key-1",
                        "X-Keyledger-Organization-Id", "org-1", "X-RateLimit-Limit", "100", "X-RateLimit-Remaining", "5",
                        "X-RateLimit-Reset", "1700000060")),
                new Answer(429, "{\"status\":429,\"code\":\"RATE_LIMITED\"}", Map.of("X-Keyledger-Code", "RATE_LIMITED",
                        "X-RateLimit-Limit", "100", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1700000060",
                        "Retry-After", "7")));
        KeyledgerClient client = client().build();
        AuthResult allowed = client.forwardAuth("kl_live_x", "tasks:read", "/tasks?x=1", "203.0.113.7");
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.keyId()).isEqualTo("key-1");
        assertThat(allowed.rateLimit().remaining()).isEqualTo(5);
        AuthResult limited = client.forwardAuth("kl_live_x", null, null, null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("RATE_LIMITED");
        assertThat(limited.retryAfterSeconds()).hasValue(7);
        Seen first = seen.poll();
        assertThat(first.header("X-API-Key")).isEqualTo("kl_live_x");
        assertThat(first.header("X-Required-Permission")).isEqualTo("tasks:read");
        assertThat(first.header("X-Original-URI")).isEqualTo("/tasks?x=1");
        assertThat(first.header("X-Forwarded-For")).isEqualTo("203.0.113.7");
    }

    @Test
    void theVerdictCacheIsOffByDefault() {
        then(Answer.json(200, VALID), Answer.json(200, VALID));
        KeyledgerClient client = client().build();
        client.verify(VerifyRequest.of("kl_live_x"));
        client.verify(VerifyRequest.of("kl_live_x"));
        assertThat(seen).hasSize(2);
    }

    @Test
    void theVerdictCacheKeepsAnAllowanceForItsTtlAndADenialForAtMostOneSecond() {
        then(Answer.json(200, VALID), Answer.json(200, VALID), Answer.json(200, REVOKED), Answer.json(200, REVOKED));
        KeyledgerClient client = client().verdictCache(Duration.ofSeconds(5), 100).build();
        VerifyRequest allowed = VerifyRequest.of("kl_live_x", "tasks:read");
        client.verify(allowed);
        nanos.addAndGet(Duration.ofMillis(4_999).toNanos());
        assertThat(client.verify(allowed).valid()).isTrue();
        assertThat(seen).hasSize(1);
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        client.verify(allowed);
        assertThat(seen).hasSize(2);
        // another permission is another question
        VerifyRequest denied = VerifyRequest.of("kl_live_x", "tasks:write");
        assertThat(client.verify(denied).code()).isEqualTo("REVOKED");
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        client.verify(denied);
        assertThat(seen).hasSize(3);
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        client.verify(denied);
        assertThat(seen).hasSize(4);
    }

    @Test
    void aRateLimitedVerdictIsCachedUntilItsWindowResets() {
        String limited = VALID.replace("\"valid\":true,\"code\":\"VALID\"", "\"valid\":false,\"code\":\"RATE_LIMITED\"")
                .replace("1700000060", "1700000002");
        then(Answer.json(200, limited), Answer.json(200, VALID));
        KeyledgerClient client = client().verdictCache(Duration.ofSeconds(5), 100).build();
        VerifyRequest request = VerifyRequest.of("kl_live_x");
        client.verify(request);
        nanos.addAndGet(Duration.ofMillis(1_999).toNanos());
        assertThat(client.verify(request).code()).isEqualTo("RATE_LIMITED");
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(client.verify(request).valid()).isTrue();
        assertThat(seen).hasSize(2);
    }

    @Test
    void theCacheTtlIsBoundedByFiveSeconds() {
        assertThatThrownBy(() -> client().verdictCache(Duration.ofSeconds(6), 100).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 s");
    }
}
