package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.api.EventMetadata;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyExpiryWarningIssuedEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The key lifecycle over real HTTP, with the real event store and the durable deadline manager. */
class KeyLifecycleWebTest extends CommandServiceTest {

    @Autowired
    EventStore eventStore;

    private List<? extends DomainEventMessage<?>> events(String keyId) {
        return eventStore.readEvents(keyId).asStream().toList();
    }

    @Test
    void createAnswersTheRecordWithTheKeyOnceAndEveryField() {
        JsonNode created = createKey("""
                {"name":"orders","description":"order sync","owner":{"type":"user","id":"u-42"},
                 "environment":"test","permissions":["orders:read","projects:*"],
                 "rate_limit":{"per_second":5,"burst":10,"per_hour":1000},
                 "restrictions":{"ip_allowlist":["2001:db8::/32"],"referrers":["*.example.com"]},
                 "expires_at":"2099-01-01T00:00:00Z"}""");
        String key = created.get("key").asText();
        assertThat(key).startsWith("kl_test_");
        assertThat(created.get("prefix").asText()).isEqualTo(key.substring(0, 12));
        assertThat(created.get("id").asText()).startsWith("key_");
        assertThat(created.get("organization_id").asText()).isEqualTo("default");
        assertThat(created.get("owner").get("type").asText()).isEqualTo("user");
        assertThat(created.get("environment").asText()).isEqualTo("test");
        assertThat(created.get("rate_limit").get("per_hour").asInt()).isEqualTo(1000);
        assertThat(created.get("restrictions").get("ip_allowlist").get(0).asText()).isEqualTo("2001:db8::/32");
        assertThat(created.get("status").asText()).isEqualTo("active");
        assertThat(created.get("expires_at").asText()).isEqualTo("2099-01-01T00:00:00Z");
        assertThat(created.get("version").asLong()).isZero();
        assertThat(created.has("created_at")).isTrue();
        // the event holds the hash and prefix, never the value
        assertThat(events(created.get("id").asText()).get(0).getPayload().toString()).doesNotContain(key);
    }

    @Test
    void eventsCarryActorCorrelationIdClientIpAndUserAgent() {
        Http admin = admin().header("X-Correlation-Id", "corr-123").header("User-Agent", "keyledger-test/1.0");
        Http.Answer created = admin.post("/v1/api-keys", "{\"name\":\"audited\"}");
        assertThat(created.header("X-Correlation-Id")).isEqualTo("corr-123");
        var metadata = events(created.json().get("id").asText()).get(0).getMetaData();
        assertThat(metadata.get(EventMetadata.ACTOR)).isEqualTo("key_bootstrap_admin");
        assertThat(metadata.get(EventMetadata.CORRELATION_ID)).isEqualTo("corr-123");
        assertThat(metadata.get(EventMetadata.CLIENT_IP)).isEqualTo("127.0.0.1");
        assertThat(metadata.get(EventMetadata.USER_AGENT)).isEqualTo("keyledger-test/1.0");
    }

    @Test
    void patchChangesOnlyTheFieldsSentAndNullClears() {
        JsonNode created = createKey("{\"name\":\"patchable\",\"description\":\"d\",\"expires_at\":\"2099-01-01T00:00:00Z\"}");
        String id = created.get("id").asText();
        Http.Answer patched = admin().patch("/v1/api-keys/" + id,
                "{\"name\":\"renamed\",\"expires_at\":null,\"permissions\":[\"tasks:read\"]}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("name").asText()).isEqualTo("renamed");
        assertThat(patched.json().get("description").asText()).isEqualTo("d");
        assertThat(patched.json().get("expires_at").isNull()).isTrue();
        assertThat(patched.json().get("permissions").get(0).asText()).isEqualTo("tasks:read");
        assertThat(patched.json().get("version").asLong()).isEqualTo(1);
        assertThat(patched.json().has("key")).isFalse();
        assertThat(patched.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void patchRefusesUnknownFieldsNullNameAndBadValues() {
        String id = createKey("{\"name\":\"strict\"}").get("id").asText();
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"status\":\"active\"}"), 400, "status");
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"name\":null}"), 400, "name");
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"rate_limit\":{\"per_minute\":\"lots\"}}"), 400, "rate_limit");
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"expires_at\":\"soon\"}"), 400, "expires_at");
        assertProblem(admin().patch("/v1/api-keys/" + id, "[1,2]"), 400, "object");
    }

    @Test
    void ifMatchWithAStaleVersionIs412AndTheCurrentOneSucceeds() {
        String id = createKey("{\"name\":\"versioned\"}").get("id").asText();
        Http.Answer stale = admin().header("If-Match", "\"7\"").patch("/v1/api-keys/" + id, "{\"name\":\"x\"}");
        assertProblem(stale, 412, "version 0");
        assertThat(stale.header("ETag")).isEqualTo("\"0\"");
        assertThat(admin().header("If-Match", "\"0\"").post("/v1/api-keys/" + id + "/disable", null).status()).isEqualTo(200);
        assertProblem(admin().header("If-Match", "\"0\"").post("/v1/api-keys/" + id + "/enable", null), 412, "version 1");
        Http.Answer enabled = admin().header("If-Match", "\"1\"").post("/v1/api-keys/" + id + "/enable", null);
        assertThat(enabled.json().get("status").asText()).isEqualTo("active");
    }

    @Test
    void disableAndEnableAnswerTheRecord() {
        String id = createKey("{\"name\":\"switch\"}").get("id").asText();
        Http.Answer disabled = admin().post("/v1/api-keys/" + id + "/disable", null);
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("status").asText()).isEqualTo("disabled");
        assertThat(admin().post("/v1/api-keys/" + id + "/enable", "{}").json().get("status").asText()).isEqualTo("active");
    }

    @Test
    void revokeIs204TwiceAndThenEveryChangeIs409() {
        String id = createKey("{\"name\":\"doomed\"}").get("id").asText();
        assertThat(admin().send("DELETE", "/v1/api-keys/" + id, "{\"reason\":\"leaked\"}", "application/json").status())
                .isEqualTo(204);
        assertThat(admin().delete("/v1/api-keys/" + id).status()).isEqualTo(204);
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"name\":\"x\"}"), 409, "revoked");
        assertProblem(admin().post("/v1/api-keys/" + id + "/rotate", null), 409, "revoked");
        assertProblem(admin().post("/v1/api-keys/" + id + "/disable", null), 409, "revoked");
        assertProblem(admin().post("/v1/api-keys/" + id + "/enable", null), 409, "revoked");
    }

    @Test
    void rotationWithGraceKeepsBothSecretsUntilTheDeadlineThenOnlyTheNewOne() {
        JsonNode created = createKey("{\"name\":\"rotating\",\"permissions\":[\"keys:write\"]}");
        String id = created.get("id").asText();
        Http old = new Http(port, created.get("key").asText());
        awaitAuthenticates(old);

        Instant before = Instant.now();
        Http.Answer rotated = admin().post("/v1/api-keys/" + id + "/rotate", "{\"grace_period_seconds\":2}");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String newKey = rotated.json().get("key").asText();
        assertThat(newKey).startsWith("kl_live_").isNotEqualTo(created.get("key").asText());
        assertThat(rotated.json().get("prefix").asText()).isEqualTo(newKey.substring(0, 12));
        Instant validUntil = Instant.parse(rotated.json().get("previous_key_valid_until").asText());
        assertThat(validUntil).isBetween(before.plusSeconds(2), Instant.now().plusSeconds(2));

        Http fresh = new Http(port, newKey);
        awaitAuthenticates(fresh);
        // the grace deadline fires from the database-backed scheduler and retires the old secret
        await().atMost(Duration.ofSeconds(15)).until(() -> events(id).stream()
                .anyMatch(e -> e.getPayload() instanceof ApiKeyPreviousSecretRetiredEvent));
        await().atMost(Duration.ofSeconds(10)).until(() -> old.post("/v1/api-keys/key_none/disable", null).status() == 401);
        assertThat(fresh.post("/v1/api-keys/key_none/disable", null).status()).isEqualTo(404);
        DomainEventMessage<?> retired = events(id).stream()
                .filter(e -> e.getPayload() instanceof ApiKeyPreviousSecretRetiredEvent).findFirst().orElseThrow();
        assertThat(retired.getMetaData().get(EventMetadata.ACTOR)).isEqualTo(EventMetadata.SYSTEM_ACTOR);
    }

    @Test
    void rotationWithoutGraceEndsTheOldSecretAtOnce() {
        JsonNode created = createKey("{\"name\":\"hard rotation\"}");
        Http.Answer rotated = admin().post("/v1/api-keys/" + created.get("id").asText() + "/rotate", null);
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().get("previous_key_valid_until").isNull()).isTrue();
        assertProblem(admin().post("/v1/api-keys/" + created.get("id").asText() + "/rotate",
                "{\"grace_period_seconds\":604801}"), 400, "grace_period_seconds");
    }

    @Test
    void keyExpiresThroughTheDurableScheduleAndIsWarnedFirst() {
        Instant expiresAt = Instant.now().plusSeconds(3);
        String id = createKey("{\"name\":\"short-lived\",\"expires_at\":\"" + expiresAt + "\"}").get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> events(id).stream()
                .anyMatch(e -> e.getPayload() instanceof ApiKeyExpiredEvent));
        List<Object> payloads = events(id).stream().<Object>map(DomainEventMessage::getPayload).toList();
        assertThat(payloads).hasSize(3);
        assertThat(payloads.get(1)).isInstanceOf(ApiKeyExpiryWarningIssuedEvent.class);
        assertThat(events(id).get(2).getTimestamp()).isAfterOrEqualTo(expiresAt);
        assertThat(events(id).get(2).getMetaData().get(EventMetadata.ACTOR)).isEqualTo(EventMetadata.SYSTEM_ACTOR);
        assertThat(events(id).get(2).getMetaData()).doesNotContainKey(EventMetadata.CLIENT_IP);
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"name\":\"x\"}"), 409, "expired");
    }

    @Test
    void anotherOrganizationsKeyIs404ForNonAdmins() {
        String org = registerOrganization("Other", "free");
        Http otherWriter = clientWith(org, "keys:write");
        String defaultKey = createKey("{\"name\":\"default's\"}").get("id").asText();
        assertProblem(otherWriter.patch("/v1/api-keys/" + defaultKey, "{\"name\":\"mine now\"}"), 404, defaultKey);
        assertProblem(otherWriter.post("/v1/api-keys/" + defaultKey + "/rotate", null), 404, defaultKey);
        assertProblem(otherWriter.post("/v1/api-keys/" + defaultKey + "/disable", null), 404, defaultKey);
        assertProblem(otherWriter.delete("/v1/api-keys/" + defaultKey), 404, defaultKey);
        // and creating keys there is forbidden, not hidden: the caller named the organization itself
        assertProblem(otherWriter.post("/v1/api-keys", "{\"name\":\"x\",\"organization_id\":\"default\"}"), 403,
                "another organization");
    }

    @Test
    void aWriterCannotMintKeysMorePowerfulThanItself() {
        Http writer = clientWith("default", "keys:write");
        assertProblem(writer.post("/v1/api-keys", "{\"name\":\"x\",\"permissions\":[\"admin:*\"]}"), 403, "admin:*");
        assertProblem(writer.post("/v1/api-keys", "{\"name\":\"x\",\"permissions\":[\"*:read\"]}"), 403, "*:read");
        assertProblem(writer.post("/v1/api-keys", "{\"name\":\"x\",\"permissions\":[\"audit:read\"]}"), 403, "audit:read");
        Http.Answer app = writer.post("/v1/api-keys", "{\"name\":\"app\",\"permissions\":[\"tasks:read\",\"keys:write\"]}");
        assertThat(app.status()).as(app.toString()).isEqualTo(201);
        String id = app.json().get("id").asText();
        assertProblem(writer.patch("/v1/api-keys/" + id, "{\"permissions\":[\"*:*\"]}"), 403, "*:*");
    }

    @Test
    void importedKeysKeepTheirValueAndAnswerNoKey() {
        String value = "legacy_9fK2mQ7xZp4LwR8tYb3NcV6hJd1GsE5a";
        JsonNode imported = createKey("{\"name\":\"legacy\",\"imported_key\":\"" + value + "\"}");
        assertThat(imported.has("key")).isFalse();
        assertThat(imported.get("prefix").asText()).isEqualTo("lega");
        awaitAuthenticates(new Http(port, value));

        JsonNode byHash = createKey("{\"name\":\"legacy hash\",\"imported_key_hash\":\""
                + io.keyledger.api.keys.ApiKeyFormat.sha256Hex("another-legacy-value-Q8w7e6r5t4y3u2i1") + "\"}");
        assertThat(byHash.get("prefix").asText()).startsWith("sha256:");
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"weak\",\"imported_key\":\"aaaaaaaaaaaaaaaaaaaaaaaa\"}"),
                400, "imported_key");

        String testKey = io.keyledger.api.keys.ApiKeyFormat.generate(io.keyledger.api.keys.Environment.TEST,
                new java.security.SecureRandom());
        JsonNode fromElsewhere = createKey("{\"name\":\"moved\",\"imported_key\":\"" + testKey + "\"}");
        assertThat(fromElsewhere.get("environment").asText()).isEqualTo("test");
        assertThat(fromElsewhere.get("prefix").asText()).isEqualTo(testKey.substring(0, 12));
    }

    @Test
    void organizationThatDoesNotExistIs400() {
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"x\",\"organization_id\":\"org_missing\"}"), 400,
                "organization_id");
    }
}
