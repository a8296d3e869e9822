package io.keyledger.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceSupportIntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    org.axonframework.eventsourcing.eventstore.EventStorageEngine storageEngine;
    @Autowired
    org.axonframework.serialization.Serializer serializer;
    @Autowired
    TransactionTemplate tx;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void localEventStoreIsJpaWithJacksonSerializer() {
        assertThat(eventStore).isInstanceOf(EmbeddedEventStore.class);
        assertThat(storageEngine).isInstanceOf(JpaEventStorageEngine.class);
        assertThat(serializer).isInstanceOf(JacksonSerializer.class);
    }

    @Test
    void bearerKeyFromTheEventStreamAuthenticatesUntilRevoked() throws Exception {
        String key = ApiKeyFormat.generate(Environment.LIVE, new SecureRandom());
        append("key-1", 0, new ApiKeyCreatedEvent("key-1", "org-1", "reader", null, new Owner(OwnerType.USER, "u1"),
                Environment.LIVE, ApiKeyFormat.sha256Hex(key), ApiKeyFormat.displayPrefix(key), List.of("keys:read"),
                RateLimit.NONE, Restrictions.NONE, null, false));

        await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/whoami", key).statusCode() == 200);
        HttpResponse<String> ok = get("/v1/whoami", key);
        assertThat(ok.body()).contains("\"key_id\":\"key-1\"").contains("\"organization_id\":\"org-1\"");

        assertThat(get("/v1/whoami", null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/whoami", null).headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(get("/v1/whoami", ApiKeyFormat.generate(Environment.LIVE, new SecureRandom())).statusCode()).isEqualTo(401);

        append("key-1", 1, new ApiKeyRevokedEvent("key-1", "org-1", "test"));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/whoami", key).statusCode() == 401);
    }

    @Test
    void missingPermissionIs403() throws Exception {
        String key = ApiKeyFormat.generate(Environment.LIVE, new SecureRandom());
        append("key-2", 0, new ApiKeyCreatedEvent("key-2", "org-1", "writer", null, new Owner(OwnerType.USER, "u1"),
                Environment.LIVE, ApiKeyFormat.sha256Hex(key), ApiKeyFormat.displayPrefix(key), List.of("tasks:write"),
                RateLimit.NONE, Restrictions.NONE, null, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/whoami", key).statusCode() != 401);
        HttpResponse<String> answer = get("/v1/whoami", key);
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("keys:read");
    }

    @Test
    void badBodiesGetProblemsNamingTheField() throws Exception {
        String key = ApiKeyFormat.generate(Environment.LIVE, new SecureRandom());
        append("key-3", 0, new ApiKeyCreatedEvent("key-3", "org-1", "any", null, new Owner(OwnerType.USER, "u1"),
                Environment.LIVE, ApiKeyFormat.sha256Hex(key), ApiKeyFormat.displayPrefix(key), List.of("admin:*"),
                RateLimit.NONE, Restrictions.NONE, null, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/whoami", key).statusCode() == 200);

        assertThat(post(key, "{\"name\":\"a\",\"environment\":\"LIVE\",\"count\":1}").body())
                .contains("\"environment\":\"live\"");
        assertProblem(post(key, "{\"name\":"), 400, "malformed JSON");
        assertProblem(post(key, "{\"name\":\"a\",\"bogus\":1}"), 400, "bogus");
        assertProblem(post(key, "{\"name\":\"a\",\"environment\":\"prod\"}"), 400, "environment");
        assertProblem(post(key, "{\"name\":\"a\",\"count\":\"many\"}"), 400, "count");
        assertProblem(post(key, "{\"name\":\"a\",\"name\":\"b\"}"), 400, "duplicate field 'name'");
        assertProblem(post(key, "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}"), 413, "larger than");
        byte[] chunked = ("{\"name\":\"" + "x".repeat(80 * 1024) + "\"}").getBytes();
        assertProblem(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/echo"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunked))).build(),
                HttpResponse.BodyHandlers.ofString()), 413, "larger than");
        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/echo"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hi")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
    }

    @Test
    void errorsTomcatAnswersItselfAreProblemsToo() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write(("GET /v1/%2e%2e%2fwhoami HTTP/1.1\r\nHost: x\r\n"
                    + "X-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n").getBytes());
            String answer = new String(socket.getInputStream().readAllBytes());
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("\"status\":400")
                    .doesNotContain("<html");
        }
        HttpResponse<String> trace = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/whoami"))
                .method("TRACE", HttpRequest.BodyPublishers.noBody()).header("X-Secret", "s3cr3t").build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(trace, 405, "TRACE");
        assertThat(trace.body()).doesNotContain("s3cr3t");
    }

    @Test
    void aMalformedAcceptHeaderIsDisregardedAndAnUnacceptableOneGetsA406Problem() throws Exception {
        String key = ApiKeyFormat.generate(Environment.LIVE, new SecureRandom());
        append("key-4", 0, new ApiKeyCreatedEvent("key-4", "org-1", "reader", null, new Owner(OwnerType.USER, "u1"),
                Environment.LIVE, ApiKeyFormat.sha256Hex(key), ApiKeyFormat.displayPrefix(key), List.of("keys:read"),
                RateLimit.NONE, Restrictions.NONE, null, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/whoami", key).statusCode() == 200);

        for (String malformed : List.of("a", "\"99999999999999\"", "W/\"-3517049744583303094\", *, \"-1\"")) {
            HttpResponse<String> whoami = get("/v1/whoami", key, malformed);
            assertThat(whoami.statusCode()).as("Accept: %s", malformed).isEqualTo(200);
            assertThat(whoami.body()).contains("org-1");
            assertProblem(get("/v1/no-such-thing", key, malformed), 404, "/v1/no-such-thing");
        }
        assertProblem(get("/v1/whoami", key, "text/html"), 406, "Acceptable");
    }

    private void assertProblem(HttpResponse<String> response, int status, String mentions) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.body()).contains(mentions).doesNotContain("Exception");
    }

    private void append(String aggregateId, long sequence, Object payload) {
        tx.executeWithoutResult(s -> eventStore.publish(
                new GenericDomainEventMessage<>("ApiKey", aggregateId, sequence, payload)));
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        return get(path, key, null);
    }

    private HttpResponse<String> get(String path, String key, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/echo"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
