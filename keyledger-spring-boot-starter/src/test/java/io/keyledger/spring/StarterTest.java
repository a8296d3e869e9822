package io.keyledger.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample app, protected by the auto-configured starter, against a fake validator that answers
 * {@code POST /v1/verify} by the key: {@code good} is valid (with the permission {@code tasks:read}),
 * {@code revoked}, {@code limited} and {@code elsewhere} are refused. The real validator:
 * e2e-tests StarterSampleIT.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "keyledger.filter.url-patterns=/api/*")
class StarterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Queue<JsonNode> VERIFIED = new ConcurrentLinkedQueue<>();
    private static final HttpServer VALIDATOR = fakeValidator();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void validator(DynamicPropertyRegistry registry) {
        registry.add("keyledger.validator.url", () -> "http://127.0.0.1:" + VALIDATOR.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        VALIDATOR.stop(0);
    }

    private static HttpServer fakeValidator() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/verify", exchange -> {
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                VERIFIED.add(request);
                String key = request.path("key").asText();
                boolean wantsRead = request.path("permissions").toString().contains("tasks:read");
                boolean wantsOther = request.path("permissions").size() > (wantsRead ? 1 : 0);
                String code = switch (key) {
                    case "good" -> wantsOther ? "FORBIDDEN" : "VALID";
                    case "revoked" -> "REVOKED";
                    case "limited" -> "RATE_LIMITED";
                    case "elsewhere" -> "IP_NOT_ALLOWED";
                    default -> "NOT_FOUND";
                };
                long reset = System.currentTimeMillis() / 1000 + 30;
                String body = "{\"valid\":" + code.equals("VALID") + ",\"code\":\"" + code + "\",\"key_id\":\"key-" + key
                        + "\",\"organization_id\":\"org-1\",\"permissions\":[\"tasks:read\"],\"ratelimit\":{\"limit\":100,"
                        + "\"remaining\":" + (code.equals("RATE_LIMITED") ? 0 : 42) + ",\"reset\":" + reset + "}}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aValidKeyReachesTheHandlerWithItsPrincipalAndTheRateLimitHeaders() throws Exception {
        HttpResponse<String> answer = get("/tasks", Map.of("X-API-Key", "good"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("tasks of org-1 for key-good");
        assertThat(answer.headers().firstValue("X-RateLimit-Remaining")).hasValue("42");
        JsonNode asked = VERIFIED.stream().filter(r -> r.path("key").asText().equals("good")).reduce((a, b) -> b).orElseThrow();
        assertThat(asked.path("permissions").toString()).isEqualTo("[\"tasks:read\"]");
        assertThat(asked.path("ip").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void aBearerKeyIsReadToo() throws Exception {
        assertThat(get("/tasks", Map.of("Authorization", "Bearer good")).statusCode()).isEqualTo(200);
    }

    @Test
    void refusalsAreProblems() throws Exception {
        HttpResponse<String> none = get("/tasks", Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(JSON.readTree(none.body()).path("status").asInt()).isEqualTo(401);

        HttpResponse<String> revoked = get("/tasks", Map.of("X-API-Key", "revoked"));
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(revoked.body()).path("code").asText()).isEqualTo("REVOKED");

        HttpResponse<String> elsewhere = get("/tasks", Map.of("X-API-Key", "elsewhere"));
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(elsewhere.body()).path("code").asText()).isEqualTo("IP_NOT_ALLOWED");

        HttpResponse<String> limited = get("/tasks", Map.of("X-API-Key", "limited"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(JSON.readTree(limited.body()).path("detail").asText()).isEqualTo("too many requests with this key");
    }

    @Test
    void anUnannotatedHandlerIsOpenAndThePathFilterProtectsItsPatterns() throws Exception {
        assertThat(get("/open", Map.of()).body()).isEqualTo("open anonymous");
        assertThat(get("/api/ping", Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> ping = get("/api/ping", Map.of("X-API-Key", "good"));
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("pong key-good");
    }
}
