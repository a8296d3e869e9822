package io.keyledger.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyFormat;
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
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A handler that cannot apply one event parks it (the JPA queue: the group's token is in the
 * database) and goes on with the next; health, gauge and the admin API show it; a retry after
 * the cure empties the queue.
 */
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterIntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    SupportTestApplication.PoisonedProjection projection;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aPoisonEventIsParkedShownAndRetriedWhileLaterEventsAreHandled() throws Exception {
        String admin = key("dl-admin", List.of("admin:*"));
        String reader = key("dl-reader", List.of("keys:read"));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/admin/dead-letters", admin).statusCode() == 200);

        append(created("dl-poison", "poison pill", "none"));
        append(created("dl-after", "fine", "none"));
        await().atMost(Duration.ofSeconds(10)).until(() -> projection.applied.contains("dl-after"));
        assertThat(projection.applied).doesNotContain("dl-poison");

        HttpResponse<String> listed = get("/v1/admin/dead-letters", admin);
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(listed.body());
        assertThat(body.path("groups").path(SupportTestApplication.PoisonedProjection.GROUP).asLong()).isEqualTo(1);
        JsonNode letter = body.path("data").get(0);
        assertThat(letter.path("group").asText()).isEqualTo(SupportTestApplication.PoisonedProjection.GROUP);
        assertThat(letter.path("sequence_identifier").asText()).isEqualTo("dl-poison");
        assertThat(letter.path("aggregate_id").asText()).isEqualTo("dl-poison");
        assertThat(letter.path("event_type").asText()).isEqualTo("ApiKeyCreatedEvent");
        assertThat(letter.path("cause_type").asText()).isEqualTo("ArithmeticException");
        assertThat(letter.path("enqueued_at").asText()).isNotEmpty();
        assertThat(listed.body()).doesNotContain("long overflow").doesNotContain("poison pill")
                .doesNotContain("java.lang");

        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode status = json.readTree(health.body());
        assertThat(status.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(status.path("components").path("deadLetters").path("status").asText()).isEqualTo("DEGRADED");
        assertThat(status.path("components").path("deadLetters").path("details").path("total").asLong()).isEqualTo(1);
        assertThat(get("/actuator/prometheus", null).body())
                .contains("keyledger_dead_letters{group=\"" + SupportTestApplication.PoisonedProjection.GROUP + "\"} 1.0")
                .contains("keyledger_dead_letters{group=\"caller-directory\"} 0.0");

        assertThat(post("/v1/admin/dead-letters/" + SupportTestApplication.PoisonedProjection.GROUP + "/retry", reader)
                .statusCode()).isEqualTo(403);
        assertThat(get("/v1/admin/dead-letters", reader).statusCode()).isEqualTo(403);
        assertThat(post("/v1/admin/dead-letters/no-such-group/retry", admin).statusCode()).isEqualTo(404);

        HttpResponse<String> stillFailing = post("/v1/admin/dead-letters/"
                + SupportTestApplication.PoisonedProjection.GROUP + "/retry", admin);
        assertThat(stillFailing.statusCode()).isEqualTo(200);
        assertThat(json.readTree(stillFailing.body()).path("remaining").asLong()).isEqualTo(1);

        projection.cured = true;
        HttpResponse<String> retried = post("/v1/admin/dead-letters/"
                + SupportTestApplication.PoisonedProjection.GROUP + "/retry", admin);
        assertThat(retried.statusCode()).isEqualTo(200);
        JsonNode outcome = json.readTree(retried.body());
        assertThat(outcome.path("sequences_tried").asInt()).isEqualTo(1);
        assertThat(outcome.path("sequences_handled").asInt()).isEqualTo(1);
        assertThat(outcome.path("remaining").asLong()).isZero();
        assertThat(projection.applied).contains("dl-poison");
        assertThat(json.readTree(get("/actuator/health", null).body()).path("components").path("deadLetters")
                .path("status").asText()).isEqualTo("UP");
    }

    private String key(String id, List<String> permissions) {
        String key = ApiKeyFormat.generate(Environment.LIVE, new SecureRandom());
        append(new ApiKeyCreatedEvent(id, "org-dl", id, null, new Owner(OwnerType.USER, "u1"), Environment.LIVE,
                ApiKeyFormat.sha256Hex(key), ApiKeyFormat.displayPrefix(key), permissions, RateLimit.NONE,
                Restrictions.NONE, null, false));
        return key;
    }

    private static ApiKeyCreatedEvent created(String id, String name, String secret) {
        return new ApiKeyCreatedEvent(id, "org-dl", name, null, new Owner(OwnerType.USER, "u1"), Environment.LIVE,
                ApiKeyFormat.sha256Hex(secret), "kl_live_x", List.of(), RateLimit.NONE, Restrictions.NONE, null, false);
    }

    private void append(ApiKeyCreatedEvent event) {
        tx.executeWithoutResult(s -> eventStore.publish(
                new GenericDomainEventMessage<>("ApiKey", event.keyId(), 0, event)));
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
