package io.keyledger.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * API.md "Input rules" as data: a body or query (value) → status and what the answer names.
 * Every refusal is problem+json, none is a 500, none carries an exception's class name or text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictInputTest {

    private static final String RANGE = "must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate tx;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private String key;

    @BeforeAll
    void key() {
        key = ApiKeyFormat.generate(Environment.LIVE, new SecureRandom());
        tx.executeWithoutResult(s -> eventStore.publish(new GenericDomainEventMessage<>("ApiKey", "strict-key", 0,
                new ApiKeyCreatedEvent("strict-key", "org-1", "strict", null, new Owner(OwnerType.USER, "u1"),
                        Environment.LIVE, ApiKeyFormat.sha256Hex(key), ApiKeyFormat.displayPrefix(key),
                        List.of("admin:*"), RateLimit.NONE, Restrictions.NONE, null, false))));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/range").statusCode() == 200);
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                // body (UTF-8 unless bytes given), content type, status, the answer mentions
                body("{\"name\":\"a\"}", 200, "\"name\":\"a\""),
                body("{\"name\":\"a\",\"per_minute\":7,\"burst\":5,\"enabled\":true,\"expires_at\":\"2030-01-31T12:00:00Z\"}",
                        200, "\"expires_at\":\"2030-01-31T12:00:00Z\""),
                body("{\"name\":\"a\",\"expires_at\":\"2030-01-31T12:00:00+02:00\"}", 200, "2030-01-31T10:00:00Z"),
                body("{\"name\":\"a\"} {\"name\":\"b\"}", 400, "more than one value"),
                body("{\"name\":\"a\"}x", 400, "malformed JSON"),
                body("{\"name\":5}", 400, "field 'name'"),
                body("{\"name\":true}", 400, "field 'name'"),
                body("{\"name\":\"a\",\"per_minute\":7.9}", 400, "field 'per_minute'"),
                body("{\"name\":\"a\",\"per_minute\":7.0}", 400, "field 'per_minute'"),
                body("{\"name\":\"a\",\"per_minute\":\"7\"}", 400, "field 'per_minute'"),
                body("{\"name\":\"a\",\"burst\":\"5\"}", 400, "field 'burst'"),
                body("{\"name\":\"a\",\"count\":1.5}", 400, "field 'count'"),
                body("{\"name\":\"a\",\"enabled\":\"true\"}", 400, "field 'enabled'"),
                body("{\"name\":\"a\",\"enabled\":1}", 400, "field 'enabled'"),
                body("{\"name\":\"a\",\"permissions\":[1]}", 400, "field 'permissions[0]'"),
                body("{\"name\":\"a\",\"permissions\":\"keys:read\"}", 400, "field 'permissions'"),
                body("{\"name\":\"a\",\"expires_at\":1893456000}", 400, "field 'expires_at'"),
                body("{\"name\":\"a\",\"expires_at\":1893456000.5}", 400, "field 'expires_at'"),
                body("{\"name\":\"a\",\"expires_at\":\"+292278995-01-01T00:00:00Z\"}", 400, "field 'expires_at' " + RANGE),
                body("{\"name\":\"a\",\"expires_at\":\"+1000000000-12-31T23:59:59.999999999Z\"}", 400, "field 'expires_at' " + RANGE),
                body("{\"name\":\"a\",\"expires_at\":\"1969-12-31T23:59:59Z\"}", 400, "field 'expires_at' " + RANGE),
                body("{\"name\":\"a\",\"expires_at\":\"2030-01-31\"}", 400, "field 'expires_at' must be an RFC 3339"),
                body("{\"name\":\"a\",\"expires_at\":\"2030-01-31T12:00:00\"}", 400, "field 'expires_at' must be an RFC 3339"),
                body("{\"name\":\"a\",\"name\":\"b\"}", 400, "duplicate field 'name'"),
                body("{\"name\":\"a\",\"bogus\":1}", 400, "field 'bogus'"),
                bytes("{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_16), "application/json", 400, "UTF-16"),
                bytes("{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_16), "application/json;charset=UTF-16", 415, "UTF-8"),
                bytes("{\"name\":\"a\"}".getBytes(StandardCharsets.ISO_8859_1), "application/json; charset=iso-8859-1", 415, "UTF-8"),
                bytes("{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8), "application/json;charset=\"utf-8\"", 200, "\"name\":\"a\""),
                bytes("{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_16LE), "application/json", 400, "NUL"),
                bytes(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"name\":\"a\"}"), "application/json", 400, "byte order mark"),
                bytes(concat("{\"name\":\"a", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}"), "application/json", 400, "not well-formed UTF-8"),
                bytes(concat("{\"name\":\"a", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}"), "application/json", 400, "not well-formed UTF-8"),
                bytes(concat("{\"name\":\"a", new byte[] {(byte) 0xE2, (byte) 0x82}, "\"}"), "application/json", 400, "not well-formed UTF-8"),
                bytes(concat("{\"name\":\"a", new byte[] {0}, "\"}"), "application/json", 400, "NUL"));
    }

    @ParameterizedTest(name = "{3}: {0}")
    @MethodSource("bodies")
    void bodies(String shown, byte[] body, String contentType, int status, String mentions) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/echo"))
                .header("Authorization", "Bearer " + key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertAnswer(answer, status, mentions);
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("from=2030-01-31T12:00:00Z", 200, "\"from\":\"2030-01-31T12:00:00Z\""),
                Arguments.of("from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z", 200, "\"to\":\"9999-12-31T23:59:59Z\""),
                Arguments.of("from=-1000000000-01-01T00:00:00Z", 400, "parameter 'from' " + RANGE),
                Arguments.of("to=+292278995-01-01T00:00:00Z", 400, "parameter 'to' " + RANGE),
                Arguments.of("to=+1000000000-12-31T23:59:59.999999999Z", 400, "parameter 'to' " + RANGE),
                Arguments.of("to=9999-12-31T23:59:59.000000001Z", 400, "parameter 'to' " + RANGE),
                Arguments.of("from=1969-12-31T23:59:59Z", 400, "parameter 'from' " + RANGE),
                Arguments.of("from=2030-01-31", 400, "parameter 'from' must be an RFC 3339"),
                Arguments.of("from=1893456000", 400, "parameter 'from' must be an RFC 3339"),
                Arguments.of("from=yesterday", 400, "parameter 'from' must be an RFC 3339"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("queries")
    void instantParameters(String query, int status, String mentions) throws Exception {
        String encoded = Stream.of(query.split("&")).map(p -> p.substring(0, p.indexOf('=') + 1)
                + URLEncoder.encode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8))
                .reduce((a, b) -> a + "&" + b).orElseThrow();
        assertAnswer(get("/v1/range?" + encoded), status, mentions);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("how=own", 400, "how must be uuid or overflow"),
                Arguments.of("how=uuid", 400, "invalid request"),
                Arguments.of("how=overflow", 500, "internal error"));
    }

    /** The application's own refusal keeps its message; a library's or the JDK's never shows. */
    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("failures")
    void onlyTheApplicationsOwnRefusalsAreQuoted(String query, int status, String mentions) throws Exception {
        HttpResponse<String> answer = get("/v1/fail?" + query);
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.body()).contains(mentions).doesNotContain("not-a-uuid")
                .doesNotContain("Invalid UUID").doesNotContain("long overflow").doesNotContain("Exception")
                .doesNotContain("java.");
    }

    private void assertAnswer(HttpResponse<String> answer, int status, String mentions) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains(mentions).doesNotContain("Exception").doesNotContain("java.")
                .doesNotContain("com.fasterxml").doesNotContain("\tat ");
        if (status >= 400) {
            assertThat(answer.headers().firstValue("content-type")).hasValue("application/problem+json");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Arguments body(String json, int status, String mentions) {
        return Arguments.of(json, json.getBytes(StandardCharsets.UTF_8), "application/json", status, mentions);
    }

    private static Arguments bytes(byte[] body, String contentType, int status, String mentions) {
        return Arguments.of(contentType + " " + body.length + " bytes", body, contentType, status, mentions);
    }

    private static byte[] concat(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) part);
        }
        return out.toByteArray();
    }
}
