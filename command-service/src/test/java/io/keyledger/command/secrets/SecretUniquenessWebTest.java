package io.keyledger.command.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One secret, one key, platform-wide: an import of a value or hash any key holds or held — in any
 * organization, revoked or not — is 409 and leaves nothing behind; so is a kl_ value without entropy.
 */
class SecretUniquenessWebTest extends CommandServiceTest {

    @Autowired
    JdbcTemplate jdbc;

    private long keyEvents() {
        return jdbc.queryForObject("select count(*) from domain_event_entry where type = 'ApiKey'", Long.class);
    }

    @Test
    void anotherKeysSecretCannotBeImportedAnywhere() {
        String other = registerOrganization("secret owner", "enterprise");
        String victim = createKey("{\"name\":\"victim\",\"organization_id\":\"" + other + "\"}").get("key").asText();
        Http admin = admin();
        long before = keyEvents();
        Http.Answer byValue = admin.post("/v1/api-keys", "{\"name\":\"thief\",\"imported_key\":\"" + victim + "\"}");
        assertProblem(byValue, 409, "imported_key: this secret belongs to another key");
        Http.Answer byHash = admin.post("/v1/api-keys",
                "{\"name\":\"thief\",\"imported_key_hash\":\"" + ApiKeyFormat.sha256Hex(victim).toUpperCase() + "\"}");
        assertProblem(byHash, 409, "imported_key_hash: this secret belongs to another key");
        assertThat(byValue.text()).doesNotContain(victim).doesNotContain(ApiKeyFormat.sha256Hex(victim));
        assertThat(keyEvents()).as("a refused import writes nothing").isEqualTo(before);
    }

    @Test
    void aRevokedKeysSecretStaysReserved() {
        String value = "imp_" + "Xq7vR2mK9pL4sT8wZ3nB6cF1hJ5".repeat(2);
        String id = admin().post("/v1/api-keys", "{\"name\":\"imported\",\"imported_key\":\"" + value + "\"}").json()
                .get("id").asText();
        assertThat(admin().delete("/v1/api-keys/" + id).status()).isEqualTo(204);
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"again\",\"imported_key\":\"" + value + "\"}"), 409,
                "imported_key");
    }

    @Test
    void aKlValueOfZerosAndItsChecksumIsRefused() {
        String zeros = ApiKeyFormat.generate(io.keyledger.api.keys.Environment.LIVE, new java.util.Random() {
            @Override
            protected int next(int bits) {
                return 0;
            }
        });
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"zeros\",\"imported_key\":\"" + zeros + "\"}"), 400,
                "imported_key");
    }
}
