package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import org.junit.jupiter.api.Test;

/** auto_renew over real HTTP: set on create and PATCH, shown in the record, bounded where it enters. */
class RenewalWebTest extends CommandServiceTest {

    @Test
    void createAndPatchCarryTheRule() {
        JsonNode created = createKey("{\"name\":\"renewing\",\"expires_at\":\"2099-01-01T00:00:00Z\","
                + "\"auto_renew\":{\"period_days\":90,\"only_if_used_within_days\":30}}");
        assertThat(created.get("auto_renew").get("period_days").asInt()).isEqualTo(90);
        assertThat(created.get("auto_renew").get("only_if_used_within_days").asInt()).isEqualTo(30);
        String id = created.get("id").asText();
        Http.Answer patched = admin().patch("/v1/api-keys/" + id, "{\"auto_renew\":{\"period_days\":30}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("auto_renew").get("period_days").asInt()).isEqualTo(30);
        assertThat(patched.json().get("auto_renew").get("only_if_used_within_days").isNull()).isTrue();
        Http.Answer cleared = admin().patch("/v1/api-keys/" + id, "{\"auto_renew\":null}");
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.json().get("auto_renew").isNull()).isTrue();
    }

    @Test
    void theRuleIsBoundedAndNamesTheField() {
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"r\",\"auto_renew\":{\"period_days\":0}}"),
                400, "auto_renew.period_days");
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"r\",\"auto_renew\":{\"period_days\":367}}"),
                400, "auto_renew.period_days");
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"r\",\"auto_renew\":{}}"), 400, "auto_renew.period_days");
        assertProblem(admin().post("/v1/api-keys",
                "{\"name\":\"r\",\"auto_renew\":{\"period_days\":30,\"only_if_used_within_days\":400}}"),
                400, "auto_renew.only_if_used_within_days");
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"r\",\"auto_renew\":{\"period_days\":\"30\"}}"),
                400, "period_days");
        String id = createKey("{\"name\":\"r\"}").get("id").asText();
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"auto_renew\":{\"period_days\":1000}}"),
                400, "auto_renew.period_days");
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"auto_renew\":{\"period\":30}}"), 400, "auto_renew");
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"auto_renew\":7}"), 400, "auto_renew");
        assertThat(admin().patch("/v1/api-keys/" + id, "{\"name\":\"unchanged\"}").json().get("version").asLong())
                .isEqualTo(1);
    }
}
