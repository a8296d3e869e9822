package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A key's whole life on the real local stack, judged by the validator (issue 3): create →
 * PATCH (name, permissions) → rotate with a grace period, during which the old and the new
 * secret both verify → the grace period ends (the real durable deadline, no fake clock) and
 * only the new secret verifies → DELETE → REVOKED → every further change is 409 problem+json.
 * The event store must hold exactly one event per accepted change, in order.
 */
@ExtendWith(SharedStack.class)
@Order(40)
class KeyLifecycleIT {

    /** Long enough for the rotation to reach the validator on a loaded machine, short enough to wait for. */
    private static final long GRACE_SECONDS = 8;

    @Test
    void createPatchRotateWithGraceRevoke(LocalStack stack) throws Exception {
        Api api = new Api(stack);
        String org = api.createOrganization("lifecycle", "professional");
        String manager = api.createKey(org, "lifecycle manager", List.of("keys:write", "keys:read")).key();

        // create: the validator knows it, with the permissions it was given and no others
        Api.Key created = api.createKey(org, "lifecycle original", List.of("tasks:read"));
        String id = created.id();
        String oldSecret = created.key();
        assertThat(created.record().path("version").asLong()).isZero();
        assertThat(verdict(api, oldSecret, "tasks:read").path("code").asText()).isEqualTo("VALID");
        assertThat(verdict(api, oldSecret, "tasks:write").path("code").asText()).isEqualTo("FORBIDDEN");

        // PATCH name and permissions, conditional on the version the create answered
        Http.Answer patched = Http.send(Http.request(stack.command("/v1/api-keys/" + id), manager)
                .header("Content-Type", "application/json").header("If-Match", "\"0\"")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"lifecycle renamed\",\"permissions\":[\"tasks:read\",\"tasks:write\"]}")));
        assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
        assertThat(patched.body().path("name").asText()).isEqualTo("lifecycle renamed");
        assertThat(texts(patched.body().path("permissions"))).containsExactly("tasks:read", "tasks:write");
        assertThat(patched.header("ETag")).isEqualTo("\"1\"");
        await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(50))
                .until(() -> verdict(api, oldSecret, "tasks:write").path("code").asText(), "VALID"::equals);

        // rotate with a grace period: the new secret verifies, and the old one still does, until the end of the grace
        Instant beforeRotation = Instant.now();
        Http.Answer rotated = Http.post(stack.command("/v1/api-keys/" + id + "/rotate"), manager,
                Map.of("grace_period_seconds", GRACE_SECONDS));
        assertThat(rotated.status()).as(rotated.raw().body()).isEqualTo(200);
        String newSecret = rotated.body().path("key").asText();
        SharedStack.remember(newSecret);
        assertThat(newSecret).startsWith("kl_live_").isNotEqualTo(oldSecret);
        assertThat(rotated.body().path("id").asText()).isEqualTo(id);
        assertThat(rotated.body().path("version").asLong()).isEqualTo(2);
        Instant graceEnd = Instant.parse(rotated.body().path("previous_key_valid_until").asText());
        assertThat(graceEnd).isBetween(beforeRotation.plusSeconds(GRACE_SECONDS - 1), Instant.now().plusSeconds(GRACE_SECONDS));

        JsonNode fresh = await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(50))
                .until(() -> verdict(api, newSecret, "tasks:write"), v -> "VALID".equals(v.path("code").asText()));
        assertThat(fresh.path("key_id").asText()).isEqualTo(id);

        // from now on the validator knows the rotation: poll the old secret until it is refused
        List<String> duringGrace = new ArrayList<>();
        JsonNode refused = null;
        while (refused == null) {
            Instant sent = Instant.now();
            JsonNode v = verdict(api, oldSecret, "tasks:write");
            Instant received = Instant.now();
            if ("VALID".equals(v.path("code").asText())) {
                assertThat(v.path("key_id").asText()).isEqualTo(id);
                assertThat(sent).as("old secret VALID after the grace period ended (%s)", graceEnd).isBefore(graceEnd);
                duringGrace.add(v.path("code").asText());
            } else {
                assertThat(received).as("old secret refused (%s) before the grace period ended (%s)", v, graceEnd)
                        .isAfterOrEqualTo(graceEnd);
                refused = v;
            }
            Thread.sleep(200);
        }
        assertThat(duringGrace).as("verdicts for the old secret while both were known to the validator").isNotEmpty();
        assertThat(refused.path("valid").asBoolean()).isFalse();
        assertThat(refused.path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(verdict(api, newSecret, "tasks:write").path("code").asText()).isEqualTo("VALID");
        // the durable deadline retires the old secret in the event store too
        await().atMost(Api.PROPAGATION).until(() -> eventTypes(stack, id).contains("ApiKeyPreviousSecretRetiredEvent"));
        assertThat(verdict(api, oldSecret, "tasks:read").path("code").asText()).isEqualTo("NOT_FOUND");

        // revoke: 204, twice, and the validator refuses the key as REVOKED
        assertThat(Http.delete(stack.command("/v1/api-keys/" + id), manager).status()).isEqualTo(204);
        JsonNode revoked = api.awaitVerdict(newSecret, "REVOKED");
        assertThat(revoked.path("valid").asBoolean()).isFalse();
        assertThat(revoked.path("key_id").asText()).isEqualTo(id);
        assertThat(Http.delete(stack.command("/v1/api-keys/" + id), manager).status()).isEqualTo(204);

        // a revoked key takes no change: 409 problem+json, and nothing is appended
        Map<String, Http.Answer> changes = Map.of(
                "PATCH", Http.patch(stack.command("/v1/api-keys/" + id), manager, Map.of("name", "too late")),
                "rotate", Http.post(stack.command("/v1/api-keys/" + id + "/rotate"), manager,
                        Map.of("grace_period_seconds", GRACE_SECONDS)),
                "disable", Http.post(stack.command("/v1/api-keys/" + id + "/disable"), manager, Map.of()),
                "enable", Http.post(stack.command("/v1/api-keys/" + id + "/enable"), manager, Map.of()));
        changes.forEach((change, answer) -> {
            assertThat(answer.status()).as("%s of a revoked key: %s", change, answer.raw().body()).isEqualTo(409);
            assertThat(answer.header("Content-Type")).as(change).startsWith("application/problem+json");
            assertThat(answer.body().path("status").asInt()).as(change).isEqualTo(409);
            assertThat(answer.body().path("title").asText()).as(change).isNotBlank();
            assertThat(answer.raw().body()).as(change).doesNotContain(newSecret).doesNotContain(oldSecret);
        });
        assertThat(verdict(api, newSecret, "tasks:read").path("code").asText()).isEqualTo("REVOKED");
        assertThat(verdict(api, oldSecret, "tasks:read").path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(eventTypes(stack, id)).containsExactly("ApiKeyCreatedEvent", "ApiKeyUpdatedEvent",
                "ApiKeyRotatedEvent", "ApiKeyPreviousSecretRetiredEvent", "ApiKeyRevokedEvent");

        // the read model (queried within the organization, as the query API scopes every key) ends where the events do
        JsonNode read = await().atMost(Api.PROPAGATION).ignoreExceptions().until(
                () -> Http.get(stack.query("/v1/api-keys/" + id), manager).body(),
                body -> "revoked".equals(body.path("status").asText()));
        assertThat(read.path("name").asText()).isEqualTo("lifecycle renamed");
        assertThat(read.path("prefix").asText()).isEqualTo(newSecret.substring(0, 12));
    }

    private static JsonNode verdict(Api api, String key, String permission) {
        return api.verify(key, List.of(permission));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    /** The key's event types in the event store, in sequence order. */
    private static List<String> eventTypes(LocalStack stack, String keyId) throws Exception {
        List<String> types = new ArrayList<>();
        try (Connection c = Stores.eventStore(stack);
             PreparedStatement s = c.prepareStatement("SELECT payload_type FROM domain_event_entry "
                     + "WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
            s.setString(1, keyId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    types.add(type.substring(type.lastIndexOf('.') + 1));
                }
            }
        }
        return types;
    }
}
