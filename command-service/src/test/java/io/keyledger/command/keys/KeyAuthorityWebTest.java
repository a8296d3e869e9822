package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The grant rule over HTTP: a key cannot change, rotate, disable, enable or revoke a key stronger than itself; nothing is written. */
class KeyAuthorityWebTest extends CommandServiceTest {

    @Autowired
    EventStore eventStore;

    private long events(String keyId) {
        return eventStore.readEvents(keyId).asStream().count();
    }

    @Test
    void aWriterCannotTakeOverAnAdminKey() {
        Http writer = clientWith("default", "keys:write", "keys:read", "tasks:read");
        String admin = createKey("{\"name\":\"the admin\",\"permissions\":[\"admin:*\"]}").get("id").asText();
        long before = events(admin);
        assertProblem(writer.post("/v1/api-keys/" + admin + "/rotate", "{}"), 403,
                "this key cannot rotate a key with the permission 'admin:*'");
        assertProblem(writer.patch("/v1/api-keys/" + admin, "{\"name\":\"mine now\"}"), 403,
                "this key cannot change a key with the permission 'admin:*'");
        assertProblem(writer.post("/v1/api-keys/" + admin + "/disable", null), 403, "cannot disable");
        assertProblem(writer.post("/v1/api-keys/" + admin + "/enable", null), 403, "cannot enable");
        assertProblem(writer.delete("/v1/api-keys/" + admin), 403, "cannot revoke");
        assertThat(events(admin)).as("no event from a refused call").isEqualTo(before);

        String weak = createKey("{\"name\":\"weak\",\"permissions\":[\"tasks:read\"]}").get("id").asText();
        assertThat(writer.post("/v1/api-keys/" + weak + "/rotate", "{}").status()).isEqualTo(200);
        assertProblem(writer.patch("/v1/api-keys/" + weak, "{\"permissions\":[\"audit:read\"]}"), 403,
                "it reaches 'audit:read', which this key does not hold");
    }

    @Test
    void aTestKeyManagesOnlyTestKeys() {
        String json = "{\"name\":\"test writer\",\"environment\":\"test\",\"permissions\":[\"keys:write\",\"tasks:read\"]}";
        Http tester = new Http(port, createKey(json).get("key").asText());
        awaitAuthenticates(tester);
        String live = createKey("{\"name\":\"live\",\"permissions\":[\"tasks:read\"]}").get("id").asText();
        assertProblem(tester.post("/v1/api-keys", "{\"name\":\"live one\"}"), 403,
                "a test key manages only test keys: it cannot create a live key");
        assertProblem(tester.delete("/v1/api-keys/" + live), 403, "it cannot revoke a live key");
        assertThat(tester.post("/v1/api-keys", "{\"name\":\"test one\",\"environment\":\"test\"}").status()).isEqualTo(201);
    }

    @Test
    void aKeysLimitsStayWithinItsOrganizationsPlanUnlessAnAdminSetsThem() {
        String free = registerOrganization("free plan", "free");
        Http writer = clientWith(free, "keys:write");
        assertProblem(writer.post("/v1/api-keys", "{\"name\":\"greedy\",\"rate_limit\":{\"per_second\":1000}}"), 400,
                "rate_limit.per_second");
        assertThat(writer.post("/v1/api-keys", "{\"name\":\"modest\",\"rate_limit\":{\"per_second\":10,\"per_day\":1000000}}")
                .status()).isEqualTo(201);
        String id = writer.post("/v1/api-keys", "{\"name\":\"to patch\"}").json().get("id").asText();
        assertProblem(writer.patch("/v1/api-keys/" + id, "{\"rate_limit\":{\"per_hour\":5000}}"), 400, "rate_limit.per_hour");
        assertThat(admin().patch("/v1/api-keys/" + id, "{\"rate_limit\":{\"per_hour\":5000}}").status()).isEqualTo(200);
    }
}
