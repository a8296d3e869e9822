package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The platform's HTTP API as the tests use it, with the waits eventual consistency needs. */
final class Api {

    static final Duration PROPAGATION = Duration.ofSeconds(60);

    final LocalStack stack;
    final String admin;

    /** A key as the create answer gave it: the plaintext is only ever here. */
    record Key(String id, String key, String organizationId, JsonNode record) {
    }

    Api(LocalStack stack) {
        this.stack = stack;
        try {
            this.admin = stack.bootstrapAdminKey();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SharedStack.remember(admin);
        awaitKnown(admin);
    }

    String createOrganization(String name, String plan) {
        Http.Answer answer = Http.post(stack.command("/v1/organizations"), admin, Map.of("name", name, "plan", plan));
        assertThat(answer.status()).as("create organization: %s", answer.raw().body()).isEqualTo(201);
        return answer.body().path("id").asText();
    }

    /** Creates a key in {@code organizationId} (null: the admin's) with these permissions, and waits until every service knows it. */
    Key createKey(String organizationId, String name, List<String> permissions) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("permissions", permissions);
        if (organizationId != null) {
            body.put("organization_id", organizationId);
        }
        Key key = create(admin, body);
        awaitKnown(key.key());
        return key;
    }

    /** POST /v1/api-keys, asserting 201. */
    Key create(String bearer, Map<String, ?> body) {
        Http.Answer answer = Http.post(stack.command("/v1/api-keys"), bearer, body);
        assertThat(answer.status()).as("create key: %s", answer.raw().body()).isEqualTo(201);
        JsonNode b = answer.body();
        SharedStack.remember(b.path("key").asText());
        return new Key(b.path("id").asText(), b.path("key").asText(), b.path("organization_id").asText(), b);
    }

    /**
     * Waits until command-service and query-service accept the key as a bearer (their caller
     * directories follow the event store) and the validator's hot set holds it.
     */
    void awaitKnown(String key) {
        String probe = "/v1/api-keys/" + UUID.randomUUID();
        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(
                () -> Http.patch(stack.command(probe), key, Map.of("name", "probe")).status() != 401
                        && Http.get(stack.query(probe), key).status() != 401
                        && !"NOT_FOUND".equals(verify(key, List.of()).path("code").asText()));
    }

    JsonNode verify(String key, List<String> permissions) {
        Map<String, Object> body = new HashMap<>();
        body.put("key", key);
        body.put("permissions", permissions);
        Http.Answer answer = Http.post(stack.validator("/v1/verify"), null, body);
        assertThat(answer.status()).as("verify: %s", answer.raw().body()).isEqualTo(200);
        return answer.body();
    }

    /** Waits until the validator's verdict for the key has this code. */
    JsonNode awaitVerdict(String key, String code) {
        return await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> verify(key, List.of()), v -> code.equals(v.path("code").asText()));
    }
}
