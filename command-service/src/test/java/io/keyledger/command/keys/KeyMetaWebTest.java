package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.api.keys.ApiKeyMetaChangedEvent;
import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code meta} over real HTTP: on create and PATCH, in the key record, bounded where it enters. */
class KeyMetaWebTest extends CommandServiceTest {

    @Autowired
    EventStore eventStore;

    @Test
    void createAndPatchCarryMetaIntoTheRecordAndItsOwnEvent() {
        JsonNode created = createKey("{\"name\":\"with meta\",\"meta\":{\"plan\":\"gold\",\"seats\":[1,2]}}");
        String id = created.get("id").asText();
        assertThat(created.get("meta").toString()).isEqualTo("{\"plan\":\"gold\",\"seats\":[1,2]}");
        assertThat(created.get("version").asLong()).isEqualTo(1);
        assertThat(eventStore.readEvents(id).asStream().map(m -> (Object) m.getPayloadType().getSimpleName()).toList())
                .contains("ApiKeyMetaChangedEvent");

        Http.Answer patched = admin().patch("/v1/api-keys/" + id, "{\"meta\":{\"plan\":\"silver\"}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("meta").get("plan").asText()).isEqualTo("silver");
        assertThat(patched.json().get("name").asText()).isEqualTo("with meta");

        Http.Answer cleared = admin().patch("/v1/api-keys/" + id, "{\"meta\":null}");
        assertThat(cleared.json().get("meta").isNull()).isTrue();
    }

    @Test
    void badMetaIs400NamingTheFieldAndCreatesNothing() {
        String big = "{\"name\":\"big\",\"meta\":{\"a\":\"" + "x".repeat(ApiKeyMetaChangedEvent.MAX_BYTES) + "\"}}";
        assertProblem(admin().post("/v1/api-keys", big), 400, "meta");
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"arr\",\"meta\":[1]}"), 400, "meta");
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"str\",\"meta\":\"gold\"}"), 400, "meta");
        String id = createKey("{\"name\":\"patch target\"}").get("id").asText();
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"meta\":5}"), 400, "meta");
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"name\":\"renamed\",\"meta\":[]}"), 400, "meta");
        // nothing half-applied: the name did not change either
        assertThat(eventStore.readEvents(id).asStream().count()).isEqualTo(1);
    }
}
