package io.keyledger.command.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import org.junit.jupiter.api.Test;

class OrganizationWebTest extends CommandServiceTest {

    @Test
    void adminRegistersAnOrganizationAndCreatesKeysInIt() {
        Http.Answer registered = admin().post("/v1/organizations", "{\"name\":\"Acme\",\"plan\":\"professional\"}");
        assertThat(registered.status()).isEqualTo(201);
        String id = registered.json().get("id").asText();
        assertThat(id).startsWith("org_");
        assertThat(registered.json().get("name").asText()).isEqualTo("Acme");
        assertThat(registered.json().get("plan").asText()).isEqualTo("professional");
        assertThat(registered.header("Location")).isEqualTo("/v1/organizations/" + id);

        Http.Answer key = admin().post("/v1/api-keys", "{\"name\":\"acme key\",\"organization_id\":\"" + id + "\"}");
        assertThat(key.status()).isEqualTo(201);
        assertThat(key.json().get("organization_id").asText()).isEqualTo(id);
    }

    @Test
    void keysOfTheNewOrganizationDefaultToIt() {
        String org = registerOrganization("Initech", "free");
        Http writer = clientWith(org, "keys:write");
        Http.Answer created = writer.post("/v1/api-keys", "{\"name\":\"own\"}");
        assertThat(created.json().get("organization_id").asText()).isEqualTo(org);
    }

    @Test
    void onlyAdminsRegisterOrganizations() {
        Http writer = clientWith("default", "keys:write");
        assertProblem(writer.post("/v1/organizations", "{\"name\":\"Rogue\",\"plan\":\"enterprise\"}"), 403, "admin");
    }

    @Test
    void invalidNameOrPlanIs400() {
        assertProblem(admin().post("/v1/organizations", "{\"name\":\"\",\"plan\":\"free\"}"), 400, "name");
        assertProblem(admin().post("/v1/organizations", "{\"name\":\"No plan\"}"), 400, "plan");
    }
}
