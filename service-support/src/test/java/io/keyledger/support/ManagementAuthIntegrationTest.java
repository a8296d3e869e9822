package io.keyledger.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.support.auth.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The management-call rules through the real filters and the real caller directory fed from the
 * event store. The clock stands still (the test moves nothing), so no bucket refills while it runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:support-auth-test;DB_CLOSE_DELAY=-1",
        "keyledger.management-api.rate-limit.per-second=1",
        "keyledger.management-api.rate-limit.burst=5"})
@Import(ManagementAuthIntegrationTest.StillClock.class)
class ManagementAuthIntegrationTest {

    static final Instant NOW = Instant.parse("2026-12-07T10:00:30Z");

    @TestConfiguration
    static class StillClock {
        @Bean
        Clock clock() {
            return new MutableClock(NOW);
        }
    }

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ObjectMapper mapper;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aGraceSecretIsRefusedWithRotatedAwayWhileTheCurrentOneManages() throws Exception {
        String old = secret();
        String key = newKey(old, RateLimit.NONE, Restrictions.NONE);
        String current = secret();
        append(key, 1, new ApiKeyRotatedEvent(key, "org-1", ApiKeyFormat.sha256Hex(current),
                ApiKeyFormat.displayPrefix(current), ApiKeyFormat.sha256Hex(old), NOW.plus(Duration.ofHours(1))));
        await().atMost(Duration.ofSeconds(10)).until(() -> call(current, null).statusCode() == 200);

        HttpResponse<String> refused = call(old, null);
        assertProblem(refused, 401, "ROTATED_AWAY");
        assertThat(problem(refused).path("detail").asText()).contains("rotated away");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void every401NamesItsCode() throws Exception {
        assertProblem(call(null, null), 401, "MISSING_CREDENTIALS");
        assertProblem(call(secret(), null), 401, "NOT_FOUND");

        String secret = secret();
        String key = newKey(secret, RateLimit.NONE, Restrictions.NONE);
        append(key, 1, new ApiKeyDisabledEvent(key, "org-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> code(call(secret, null)).equals("DISABLED"));
        assertProblem(call(secret, null), 401, "DISABLED");
    }

    @Test
    void theAllowlistIsCheckedAgainstTheAddressJudgedByTheTrustedProxyRule() throws Exception {
        String secret = secret();
        newKey(secret, RateLimit.NONE, new Restrictions(List.of("203.0.113.0/24"), List.of()));

        // the test's loopback peer is a trusted proxy: without X-Forwarded-For it is the client itself
        assertProblem(call(secret, null), 403, "IP_NOT_ALLOWED");
        HttpResponse<String> forwarded = call(secret, "203.0.113.5");
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(problem(forwarded).path("remote_addr").asText())
                .as("controllers (and the audit metadata they record) see the judged address").isEqualTo("203.0.113.5");
        assertThat(problem(forwarded).path("attribute").asText()).isEqualTo("203.0.113.5");
        // the rightmost untrusted hop counts: a client cannot put an allowed address in front of its own
        assertProblem(call(secret, "203.0.113.5, 198.51.100.1"), 403, "IP_NOT_ALLOWED");
        assertThat(call(secret, "198.51.100.1, 203.0.113.5, 127.0.0.1").statusCode()).isEqualTo(200);
    }

    @Test
    void theManagementLimitAnswers429WithRetryAfter() throws Exception {
        String secret = secret();
        newKey(secret, RateLimit.NONE, Restrictions.NONE);
        // newKey's last probe spent the first of the burst of five
        for (int i = 0; i < 4; i++) {
            assertThat(call(secret, null).statusCode()).as("call %d", i + 2).isEqualTo(200);
        }
        HttpResponse<String> limited = call(secret, null);
        assertProblem(limited, 429, "MANAGEMENT_RATE_LIMITED");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(problem(limited).path("detail").asText()).contains("1 requests/s, burst 5");
    }

    @Test
    void theKeysOwnRateLimitHoldsOnManagementCalls() throws Exception {
        String secret = secret();
        newKey(secret, new RateLimit(null, null, 1, null, null), Restrictions.NONE);
        // newKey's last probe spent the one call of this minute; the minute ends 30 s after NOW
        HttpResponse<String> limited = call(secret, null);
        assertProblem(limited, 429, "RATE_LIMITED");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("30");
    }

    /** Appends a key and waits until the directory knows it (its last probe is one management call). */
    private String newKey(String secret, RateLimit rateLimit, Restrictions restrictions) throws Exception {
        String keyId = "key-" + UUID.randomUUID();
        append(keyId, 0, new ApiKeyCreatedEvent(keyId, "org-1", "k", null, new Owner(OwnerType.USER, "u1"),
                Environment.LIVE, ApiKeyFormat.sha256Hex(secret), ApiKeyFormat.displayPrefix(secret),
                List.of("keys:read"), rateLimit, restrictions, null, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> call(secret, null).statusCode() != 401);
        return keyId;
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = problem(response);
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception");
    }

    private String code(HttpResponse<String> response) throws Exception {
        return problem(response).path("code").asText();
    }

    private JsonNode problem(HttpResponse<String> response) throws Exception {
        return mapper.readTree(response.body());
    }

    private HttpResponse<String> call(String secret, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/address"));
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void append(String aggregateId, long sequence, Object payload) {
        tx.executeWithoutResult(s -> eventStore.publish(
                new GenericDomainEventMessage<>("ApiKey", aggregateId, sequence, payload)));
    }

    private static String secret() {
        return ApiKeyFormat.generate(Environment.LIVE, new SecureRandom());
    }
}
