package io.keyledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The endpoint management API over real HTTP, with the real event store and tables. */
class WebhookApiWebTest extends CommandServiceTest {

    @Autowired
    EventStore eventStore;

    private static final String URL = "http://127.0.0.1:9/hook";

    @Test
    void theSecretIsShownOnceAndNeverStoredOrListed() {
        Http client = clientWith(registerOrganization("hooks-a", "free"), "webhooks:write", "webhooks:read");
        Http.Answer created = client.post("/v1/webhooks", "{\"url\":\"" + URL + "\",\"events\":[\"key.revoked\",\"*\"],\"description\":\"ops\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String secret = created.json().get("secret").asText();
        assertThat(id).matches("wh_[0-9a-f]{32}");
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(created.json().get("events").toString()).isEqualTo("[\"key.revoked\",\"*\"]");

        Http.Answer listed = client.get("/v1/webhooks");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("data")).hasSize(1);
        assertThat(listed.text()).doesNotContain(secret).doesNotContain("secret");
        assertThat(client.get("/v1/webhooks/" + id).text()).doesNotContain(secret).contains(URL);
        String events = eventStore.readEvents(id).asStream().map(e -> e.getPayload().toString()).toList().toString();
        assertThat(events).doesNotContain(secret).doesNotContain(secret.substring(6));

        Http.Answer rotated = client.post("/v1/webhooks/" + id + "/rotate-secret", null);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String second = rotated.json().get("secret").asText();
        assertThat(second).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(rotated.json().get("previous_secret_valid_until").asText()).isNotEmpty();
        assertThat(client.get("/v1/webhooks/" + id).text()).doesNotContain(second);
    }

    @Test
    void badInputIsA400NamingTheFieldAndCreatesNothing() {
        String org = registerOrganization("hooks-b", "free");
        Http client = clientWith(org, "webhooks:write", "webhooks:read");
        assertProblem(client.post("/v1/webhooks", "{\"url\":\"" + URL + "\",\"events\":[\"key.exploded\"]}"), 400, "key.exploded");
        assertProblem(client.post("/v1/webhooks", "{\"url\":\"ftp://example.com/x\",\"events\":[\"*\"]}"), 400, "url");
        assertProblem(client.post("/v1/webhooks", "{\"url\":\"" + URL + "\",\"events\":[]}"), 400, "events");
        assertProblem(client.post("/v1/webhooks", "{\"url\":\"" + URL + "\",\"events\":[\"*\"],\"description\":\""
                + "x".repeat(1001) + "\"}"), 400, "description");
        assertProblem(client.post("/v1/webhooks", "{\"url\":\"" + URL + "\",\"events\":[\"*\"],\"secret\":\"mine\"}"), 400, "secret");
        assertThat(client.get("/v1/webhooks").json().get("data")).isEmpty();
    }

    @Test
    void anOrganizationHoldsAtMostTwentyEndpoints() {
        Http client = clientWith(registerOrganization("hooks-c", "free"), "webhooks:write", "webhooks:read");
        for (int i = 0; i < 20; i++) {
            assertThat(client.post("/v1/webhooks", "{\"url\":\"" + URL + i + "\",\"events\":[\"*\"]}").status()).isEqualTo(201);
        }
        assertProblem(client.post("/v1/webhooks", "{\"url\":\"" + URL + "\",\"events\":[\"*\"]}"), 409, "at most 20");
        assertThat(client.get("/v1/webhooks").json().get("data")).hasSize(20);
        String first = client.get("/v1/webhooks").json().get("data").get(0).get("id").asText();
        assertThat(client.delete("/v1/webhooks/" + first).status()).isEqualTo(204);
        assertThat(client.post("/v1/webhooks", "{\"url\":\"" + URL + "\",\"events\":[\"*\"]}").status()).isEqualTo(201);
    }

    @Test
    void patchDeleteAndPermissions() {
        String org = registerOrganization("hooks-d", "free");
        Http writer = clientWith(org, "webhooks:write", "webhooks:read");
        Http reader = clientWith(org, "webhooks:read");
        Http stranger = clientWith(registerOrganization("hooks-e", "free"), "webhooks:write", "webhooks:read");
        String id = writer.post("/v1/webhooks", "{\"url\":\"" + URL + "\",\"events\":[\"*\"]}").json().get("id").asText();

        Http.Answer patched = writer.patch("/v1/webhooks/" + id, "{\"events\":[\"key.created\"],\"enabled\":false,\"description\":null}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("enabled").asBoolean()).isFalse();
        assertThat(patched.json().get("events").toString()).isEqualTo("[\"key.created\"]");
        assertProblem(writer.patch("/v1/webhooks/" + id, "{\"secret\":\"x\"}"), 400, "secret");
        assertProblem(writer.patch("/v1/webhooks/" + id, "{\"enabled\":\"yes\"}"), 400, "enabled");
        assertProblem(writer.post("/v1/webhooks/" + id + "/test", null), 409, "disabled");

        assertProblem(reader.post("/v1/webhooks", "{\"url\":\"" + URL + "\",\"events\":[\"*\"]}"), 403, "webhooks:write");
        assertProblem(reader.delete("/v1/webhooks/" + id), 403, "webhooks:write");
        assertThat(reader.get("/v1/webhooks/" + id).status()).isEqualTo(200);
        assertThat(reader.get("/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(200);
        assertProblem(stranger.get("/v1/webhooks/" + id), 404, id);
        assertProblem(stranger.delete("/v1/webhooks/" + id), 404, id);
        assertProblem(writer.get("/v1/webhooks/wh_nope"), 404, "wh_nope");
        assertProblem(writer.get("/v1/webhooks/" + id + "/deliveries?limit=0"), 400, "limit");
        assertProblem(writer.get("/v1/webhooks/" + id + "/deliveries?cursor=zz"), 400, "cursor");

        assertThat(writer.delete("/v1/webhooks/" + id).status()).isEqualTo(204);
        assertThat(writer.delete("/v1/webhooks/" + id).status()).isEqualTo(204);
        assertThat(writer.get("/v1/webhooks/" + id).status()).isEqualTo(404);
        JsonNode list = writer.get("/v1/webhooks").json();
        assertThat(list.get("data")).isEmpty();
    }
}
