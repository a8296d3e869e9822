package io.keyledger.command.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** PATCH /v1/organizations/{id} and the max_key_lifetime_days it sets, enforced on keys' expires_at. */
class OrganizationPolicyWebTest extends CommandServiceTest {

    @Test
    void anAdminChangesNamePlanAndPolicy() {
        String org = registerOrganization("policy org", "free");
        Http.Answer patched = admin().patch("/v1/organizations/" + org, """
                {"name":"policy org renamed","plan":"enterprise",
                 "policy":{"max_key_lifetime_days":90,"approval_required_for":["billing:*"],"on_leak":"revoke"}}""");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode body = patched.json();
        assertThat(body.get("id").asText()).isEqualTo(org);
        assertThat(body.get("name").asText()).isEqualTo("policy org renamed");
        assertThat(body.get("plan").asText()).isEqualTo("enterprise");
        assertThat(body.get("policy").get("max_key_lifetime_days").asInt()).isEqualTo(90);
        assertThat(body.get("policy").get("approval_required_for").get(0).asText()).isEqualTo("billing:*");
        assertThat(body.get("policy").get("on_leak").asText()).isEqualTo("revoke");
        // fields left out stay
        Http.Answer again = admin().patch("/v1/organizations/" + org, "{\"policy\":{\"on_leak\":\"notify\"}}");
        assertThat(again.json().get("policy").get("max_key_lifetime_days").asInt()).isEqualTo(90);
        assertThat(again.json().get("plan").asText()).isEqualTo("enterprise");
    }

    @Test
    void refusalsNameWhatTheyRefuse() {
        String org = registerOrganization("refusing org", "free");
        Http writer = clientWith(org, "keys:write");
        assertProblem(writer.patch("/v1/organizations/" + org, "{\"name\":\"mine\"}"), 403, "only admin keys");
        assertProblem(admin().patch("/v1/organizations/org_nope", "{\"name\":\"x\"}"), 404, "no organization 'org_nope'");
        assertProblem(admin().patch("/v1/organizations/" + org, "{\"owner\":\"x\"}"), 400, "owner");
        assertProblem(admin().patch("/v1/organizations/" + org, "{\"plan\":\"gold\"}"), 400, "plan");
        assertProblem(admin().patch("/v1/organizations/" + org, "{\"policy\":{\"max_key_lifetime_days\":0}}"), 400,
                "policy.max_key_lifetime_days");
        assertProblem(admin().patch("/v1/organizations/" + org, "{\"policy\":{\"max_key_lifetime_days\":7.5}}"), 400,
                "policy.max_key_lifetime_days");
        assertProblem(admin().patch("/v1/organizations/" + org, "{\"policy\":{\"approval_required_for\":[\"no spaces\"]}}"),
                400, "policy.approval_required_for[0]");
        assertProblem(admin().patch("/v1/organizations/" + org, "{\"policy\":{\"on_leak\":\"explode\"}}"), 400,
                "policy.on_leak");
        assertProblem(admin().patch("/v1/organizations/" + org, "{\"name\":\"\\u3164\"}"), 400, "name");
    }

    @Test
    void theMaximumLifetimeBoundsEveryKeysExpiry() {
        String org = registerOrganization("short-lived org", "enterprise");
        assertThat(admin().patch("/v1/organizations/" + org, "{\"policy\":{\"max_key_lifetime_days\":30}}").status())
                .isEqualTo(200);
        Instant before = Instant.now();
        JsonNode key = createKey("{\"name\":\"defaulted\",\"organization_id\":\"" + org + "\"}");
        Instant expiresAt = Instant.parse(key.get("expires_at").asText());
        assertThat(expiresAt).isBetween(before.plus(Duration.ofDays(30)), Instant.now().plus(Duration.ofDays(30)));
        String far = Instant.now().plus(Duration.ofDays(60)).toString();
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"too long\",\"organization_id\":\"" + org
                + "\",\"expires_at\":\"" + far + "\"}"), 400, "must lie within 30 days");
        String id = key.get("id").asText();
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"expires_at\":\"" + far + "\"}"), 400, "expires_at");
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"expires_at\":null}"), 400, "cannot be cleared");
        String near = Instant.now().plus(Duration.ofDays(10)).toString();
        assertThat(admin().patch("/v1/api-keys/" + id, "{\"expires_at\":\"" + near + "\"}").status()).isEqualTo(200);
    }
}
