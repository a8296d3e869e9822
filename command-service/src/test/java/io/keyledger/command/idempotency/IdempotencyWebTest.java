package io.keyledger.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class IdempotencyWebTest extends CommandServiceTest {

    @Autowired
    JdbcTemplate jdbc;

    private Http withKey(String idempotencyKey) {
        return admin().header("Idempotency-Key", idempotencyKey);
    }

    @Test
    void sameKeyAndBodyGetTheSameAnswerAndOneKey() {
        String idempotencyKey = UUID.randomUUID().toString();
        String body = "{\"name\":\"once\",\"permissions\":[\"tasks:read\"]}";
        Http.Answer first = withKey(idempotencyKey).post("/v1/api-keys", body);
        Http.Answer second = withKey(idempotencyKey).post("/v1/api-keys", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(countKeysNamed("once")).isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        String idempotencyKey = UUID.randomUUID().toString();
        assertThat(withKey(idempotencyKey).post("/v1/api-keys", "{\"name\":\"first body\"}").status()).isEqualTo(201);
        assertProblem(withKey(idempotencyKey).post("/v1/api-keys", "{\"name\":\"second body\"}"), 422, "different request body");
    }

    @Test
    void aFailedRequestDoesNotUseUpTheKey() {
        String idempotencyKey = UUID.randomUUID().toString();
        assertThat(withKey(idempotencyKey).post("/v1/api-keys", "{\"name\":\"\"}").status()).isEqualTo(400);
        assertThat(withKey(idempotencyKey).post("/v1/api-keys", "{\"name\":\"\"}").status()).isEqualTo(400);
    }

    @Test
    void concurrentRetriesCreateOneKey() throws Exception {
        String idempotencyKey = UUID.randomUUID().toString();
        String body = "{\"name\":\"raced\"}";
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Http.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> withKey(idempotencyKey).post("/v1/api-keys", body)));
            }
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (Future<Http.Answer> answer : answers) {
                Http.Answer a = answer.get();
                assertThat(a.status()).as(a.toString()).isIn(201, 409);
                if (a.status() == 201) {
                    ids.add(a.json().get("id").asText());
                }
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(countKeysNamed("raced")).isEqualTo(1);
    }

    @Test
    void theStoredAnswerHoldsNoPlaintextKey() {
        Http.Answer created = withKey(UUID.randomUUID().toString()).post("/v1/api-keys", "{\"name\":\"sealed\"}");
        String key = created.json().get("key").asText();
        List<byte[]> stored = jdbc.queryForList("select sealed_body from idempotency_records", byte[].class);
        assertThat(stored).isNotEmpty();
        for (byte[] body : stored) {
            assertThat(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(key).doesNotContain("sealed");
        }
    }

    @Test
    void idempotencyKeysAreScopedToTheCallingKey() {
        String idempotencyKey = UUID.randomUUID().toString();
        Http other = clientWith("default", "keys:write").header("Idempotency-Key", idempotencyKey);
        Http.Answer mine = withKey(idempotencyKey).post("/v1/api-keys", "{\"name\":\"scoped\"}");
        Http.Answer theirs = other.post("/v1/api-keys", "{\"name\":\"scoped\"}");
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.json().get("id")).isNotEqualTo(mine.json().get("id"));
    }

    @Test
    void malformedIdempotencyKeyIs400() {
        assertProblem(withKey("has spaces in it").post("/v1/api-keys", "{\"name\":\"x\"}"), 400, "Idempotency-Key");
    }

    private int countKeysNamed(String name) {
        return (int) jdbc.queryForList("select payload from domain_event_entry where payload_type = ?", byte[].class,
                        "io.keyledger.api.keys.ApiKeyCreatedEvent").stream()
                .map(payload -> new String(payload, java.nio.charset.StandardCharsets.UTF_8))
                .filter(json -> json.contains("\"name\":\"" + name + "\""))
                .count();
    }
}
