package io.keyledger.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.Plan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import io.keyledger.validator.hotset.HotSet;
import io.keyledger.validator.web.NettyHotPathServer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The service wired to real parts: events already in the H2 event store at the start reach the
 * hot set through its initial load, events appended later through the tracking processor, verifications go over HTTP to the public (Netty) port —
 * the actuator and OpenAPI are on Spring's own port, neither answers the other's paths — and each one becomes a record
 * on an embedded KRaft broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=" + ValidatorApplicationTest.EVENT_STORE,
        // the attempt journal of this test alone
        "keyledger.data-dir=target/test-data/validator-app-${random.uuid}",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "keyledger.validator.query-parameter-keys=true",
        "keyledger.validator.http.port=0"})
@EmbeddedKafka(kraft = true, partitions = 1, topics = AuthAttempt.TOPIC)
class ValidatorApplicationTest {

    static final String EVENT_STORE = "jdbc:h2:mem:validator-app;DB_CLOSE_DELAY=-1";
    /** A key whose creation was in the event store before the service started. */
    private static final String EARLIER_KEY = new TestKeys(8).newKey();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final TestKeys keys = new TestKeys(7);

    @Autowired
    NettyHotPathServer hotPath;
    @org.springframework.boot.test.web.server.LocalServerPort
    int springPort;
    @Autowired
    EventStore eventStore;
    @Autowired
    HotSet hotSet;
    @Autowired
    EmbeddedKafkaBroker kafka;

    /** Issue 15: the description (management port) is the wire, the Netty verification endpoints included. */
    @Test
    void openApiIsTheWire() throws Exception {
        HttpResponse<String> docs = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + springPort + "/v3/api-docs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode spec = json.readTree(docs.body());
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/validator-api-docs.json"), spec.toPrettyString());
        assertThat(io.keyledger.support.openapi.SpecRules.violations(spec)).isEmpty();
        assertThat(spec.at("/info/title").asText()).isEqualTo("keyledger validator API");
        JsonNode verify = spec.at("/paths/~1v1~1verify/post");
        assertThat(verify.path("security").isArray() && verify.path("security").isEmpty()).isTrue();
        assertThat(verify.at("/responses/200/headers").has("X-RateLimit-Remaining")).isTrue();
        assertThat(spec.at("/components/schemas/VerifyResponse/properties").has("organization_id")).isTrue();
        JsonNode auth = spec.at("/paths/~1v1~1auth/get");
        assertThat(auth.at("/responses/200/headers").has("X-Keyledger-Key-Id")).isTrue();
        assertThat(auth.at("/responses/429/headers").has("Retry-After")).isTrue();
        assertThat(auth.at("/responses/401/content").has("application/problem+json")).isTrue();
        assertThat(auth.path("parameters").findValuesAsText("name")).contains("X-Required-Permission");
        assertThat(spec.at("/components/securitySchemes").has("api_key")).isTrue();
    }

    @BeforeAll
    static void eventsBeforeTheStart() throws Exception {
        try (Connection db = DriverManager.getConnection(EVENT_STORE, "sa", "")) {
            EventTable.create(db, 1_000);
            String longAgo = Instant.now().minus(1, ChronoUnit.DAYS).toString();
            EventTable.insert(db, 1, longAgo, "org-early", new OrganizationRegisteredEvent("org-early", "E", Plan.FREE));
            EventTable.insert(db, 2, longAgo, "key-early",
                    TestKeys.created("key-early", "org-early", EARLIER_KEY, List.of("tasks:read")));
        }
    }

    @Test
    void aKeyCreatedBeforeTheStartVerifiesOnceReadyAndLaterEventsStillArrive() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> management("/actuator/health/readiness").statusCode() == 200);
        JsonNode valid = verify(EARLIER_KEY, "tasks:read");
        assertThat(valid.get("code").asText()).isEqualTo("VALID");
        assertThat(valid.get("key_id").asText()).isEqualTo("key-early");

        append("key-early", 1, new ApiKeyRevokedEvent("key-early", "org-early", "rotated out"));
        // read from the set itself: attempts over HTTP would crowd the first records the Kafka test reads
        await().atMost(Duration.ofSeconds(5)).until(() -> hotSet.findById("key-early").status() == KeyStatus.REVOKED);
    }

    @Test
    void aKeyCreatedInTheEventStoreVerifiesOverHttpAndEveryAttemptReachesKafka() throws Exception {
        String key = keys.newKey();
        append("org-a", new OrganizationRegisteredEvent("org-a", "A", Plan.PROFESSIONAL));
        append("key-1", TestKeys.created("key-1", "org-a", key, List.of("tasks:read")));

        await().atMost(Duration.ofSeconds(20)).until(() -> management("/actuator/health/readiness").statusCode() == 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> verify(key, "tasks:read").get("valid").asBoolean());

        JsonNode valid = verify(key, "tasks:read");
        assertThat(valid.get("code").asText()).isEqualTo("VALID");
        assertThat(valid.get("key_id").asText()).isEqualTo("key-1");
        assertThat(valid.get("organization_id").asText()).isEqualTo("org-a");
        assertThat(valid.get("ratelimit").get("limit").asLong()).isPositive();
        assertThat(verify(key, "tasks:write").get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(verify(keys.newKey(), "tasks:read").get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(verify("kl_live_garbage", "tasks:read").get("code").asText()).isEqualTo("MALFORMED");

        HttpResponse<String> auth = get("/v1/auth", Map.of("X-API-Key", key, "X-Required-Permission", "tasks:read"));
        assertThat(auth.statusCode()).isEqualTo(200);
        assertThat(auth.headers().firstValue("X-Keyledger-Key-Id")).contains("key-1");
        assertThat(auth.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        assertThat(auth.body()).isEmpty();
        HttpResponse<String> forbidden = get("/v1/auth",
                Map.of("Authorization", "Bearer " + key, "X-Required-Permission", "tasks:write"));
        assertProblem(forbidden, 403, "FORBIDDEN");
        assertThat(forbidden.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        assertThat(get("/v1/auth", Map.of("X-Original-URI", "/tasks?api_key=" + key)).statusCode()).isEqualTo(200);
        assertProblem(get("/v1/auth", Map.of()), 401, "MALFORMED");
        assertProblem(get("/v1/auth", Map.of("X-API-Key", keys.newKey())), 401, "NOT_FOUND");

        HttpResponse<String> limits = get("/v1/rate-limit", Map.of("X-API-Key", key));
        assertThat(limits.statusCode()).isEqualTo(200);
        assertThat(json.readTree(limits.body()).has("reset_at")).isTrue();

        append("key-1", 1, new ApiKeyRevokedEvent("key-1", "org-a", "leaked"));
        await().atMost(Duration.ofSeconds(5)).until(() -> verify(key, "tasks:read").get("code").asText().equals("REVOKED"));

        List<JsonNode> records = attempts(key);
        assertThat(records).anySatisfy(r -> {
            assertThat(r.get("key_id").asText()).isEqualTo("key-1");
            assertThat(r.get("code").asText()).isEqualTo("VALID");
            assertThat(r.get("permission").asText()).isEqualTo("tasks:read");
            assertThat(r.has("attempt_id")).isTrue();
        });
        assertThat(records).anySatisfy(r -> assertThat(r.get("code").asText()).isEqualTo("NOT_FOUND"));
        assertThat(records).extracting(JsonNode::toString).noneMatch(s -> s.contains(key));
    }

    @Test
    void theVerificationPortServesVerificationOnlyAndSpringsPortTheRest() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> management("/actuator/health/readiness").statusCode() == 200);
        assertThat(springPort).isNotEqualTo(hotPath.port());
        // (prometheus is exported outside tests only: Spring Boot tests switch metrics export off)
        assertThat(management("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(management("/v3/api-docs").statusCode()).isEqualTo(200);
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/prometheus", "/v3/api-docs")) {
            HttpResponse<String> onHotPort = get(path, Map.of());
            assertThat(onHotPort.statusCode()).as(path).isEqualTo(404);
            assertThat(onHotPort.headers().firstValue("Content-Type")).contains("application/problem+json");
        }
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + springPort + "/v1/verify"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"x\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("no verification on Spring's port").isIn(404, 405);
    }

    @Test
    void malformedRequestsAre400NotVerdicts() throws Exception {
        assertThat(post("/v1/verify", "{\"permissions\":[\"tasks:read\"]}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/verify", "{\"key\":\"x\",\"unknown\":1}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/verify", "{\"key\":").statusCode()).isEqualTo(400);
        assertThat(post("/v1/verify", "{\"key\":\"x\",\"permissions\":[\"Not A Permission\"]}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/verify", "{\"key\":\"x\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void requestsTheHotPathCannotServeGetProblemsNotPartialVerdicts() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> management("/actuator/health/readiness").statusCode() == 200);
        String big = "{\"key\":\"" + "a".repeat(70 * 1024) + "\"}";
        String tooLarge = raw("POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + big.length() + "\r\n\r\n" + big);
        assertThat(tooLarge).startsWith("HTTP/1.1 413").contains("application/problem+json");
        assertThat(raw("GET /v1/rate-limit HTTP/1.1\r\nHost: x\r\nX-API-Key: " + "b".repeat(20 * 1024) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431").contains("application/problem+json");
        assertThat(raw("GET * HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400").contains("application/problem+json");
        assertThat(raw("GET http://evil.example//v1/verify HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400");
    }

    @Test
    void aRequestLineOverTheBoundIs414AndHeadersOverTheirsAre431WithALengthTheClientCanRead() throws Exception {
        String longTarget = "/v1/verify?status=" + "x".repeat(9_000);
        // the JDK client reads the answer by its Content-Length while the server drops the rest of the request
        HttpResponse<String> line = post(longTarget, "{\"key\":\"x\"}");
        assertThat(line.statusCode()).isEqualTo(414);
        assertThat(line.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(line.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(line.headers().firstValueAsLong("Content-Length")).hasValue(line.body().length());
        assertThat(json.readTree(line.body()).get("status").asInt()).isEqualTo(414);
        assertThat(json.readTree(line.body()).get("title").asText()).isEqualTo("URI Too Long");

        HttpResponse<String> headers = get("/v1/rate-limit", Map.of("X-API-Key", "k".repeat(9_000)));
        assertThat(headers.statusCode()).isEqualTo(431);
        assertThat(headers.headers().firstValueAsLong("Content-Length")).hasValue(headers.body().length());
        assertThat(json.readTree(headers.body()).get("status").asInt()).isEqualTo(431);

        String rawLine = raw("GET /v1/rate-limit?id=" + "y".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(rawLine).startsWith("HTTP/1.1 414").contains("content-length: ").contains("connection: close")
                .contains("\"status\":414");
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.headers().firstValue("X-Keyledger-Code")).contains(code);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    /** One request written as raw bytes (targets and sizes an HTTP client would refuse); the answer's head and body. */
    private String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", hotPath.port())) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            } catch (java.io.IOException closedEarly) {
                // the server may answer and close before reading everything; the answer is what counts
            }
            byte[] buffer = new byte[8192];
            StringBuilder answer = new StringBuilder();
            java.io.InputStream in = socket.getInputStream();
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (java.io.IOException e) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                answer.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                int headEnd = answer.indexOf("\r\n\r\n");
                int length = headEnd < 0 ? -1 : contentLength(answer.substring(0, headEnd));
                if (headEnd >= 0 && length >= 0 && answer.length() >= headEnd + 4 + length) {
                    break;
                }
            }
            return answer.toString();
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return -1;
    }

    private List<JsonNode> attempts(String key) throws Exception {
        Map<String, Object> props = KafkaTestUtils.consumerProps("test-" + System.nanoTime(), "false", kafka);
        props.put("auto.offset.reset", "earliest");
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(AuthAttempt.TOPIC));
            long deadline = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < deadline && out.size() < 8) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(record.value()).doesNotContain(key);
                    out.add(json.readTree(record.value()));
                }
            }
        }
        return out;
    }

    private void append(String aggregateId, Object payload) {
        append(aggregateId, 0, payload);
    }

    private void append(String aggregateId, long sequence, Object payload) {
        SEQUENCE.incrementAndGet();
        eventStore.publish(new GenericDomainEventMessage<>("Test", aggregateId, sequence, payload));
    }

    private JsonNode verify(String key, String permission) throws Exception {
        HttpResponse<String> response = post("/v1/verify",
                json.writeValueAsString(Map.of("key", key, "permissions", List.of(permission))));
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hotPath.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> management(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + springPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + hotPath.port() + path)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
