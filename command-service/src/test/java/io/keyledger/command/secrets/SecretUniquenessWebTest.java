package io.keyledger.command.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.api.keys.CreateApiKeyCommand;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.RotateApiKeyCommand;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
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

    @Autowired
    CommandGateway gateway;

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

    /**
     * A generated secret is not looked up before its insert: the table's primary key is the lookup.
     * Sent straight to the bus with another key's hash (no generator ever repeats one), the
     * creation fails at commit and stores nothing; the secret stays its first key's.
     */
    @Test
    void aCreationWithAHeldSecretFailsAtCommitAndLeavesNothing() {
        JsonNode first = createKey("{\"name\":\"first\"}");
        String hash = ApiKeyFormat.sha256Hex(first.get("key").asText());
        long before = keyEvents();
        assertThatThrownBy(() -> gateway.sendAndWait(new CreateApiKeyCommand("key_copy_" + System.nanoTime(), "default",
                "copy", null, null, Environment.LIVE, hash, "kl_live_copy", List.of(), null, null, null, false)))
                .satisfies(failure -> assertThat(SecretRegistry.isDuplicateSecret(failure))
                        .as("refused by used_secret's primary key: %s", failure).isTrue());
        assertThat(keyEvents()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select key_id from used_secret where hash = ?", String.class, hash))
                .isEqualTo(first.get("id").asText());
    }

    @Test
    void aRotationToAnotherKeysSecretIsRefusedAndLeavesNothing() {
        String held = createKey("{\"name\":\"holder\"}").get("key").asText();
        String rotating = createKey("{\"name\":\"rotating\"}").get("id").asText();
        long before = keyEvents();
        assertThatThrownBy(() -> gateway.sendAndWait(new RotateApiKeyCommand(rotating, null, null,
                ApiKeyFormat.sha256Hex(held), "kl_live_held", 0, null)))
                .hasMessage("key: this secret belongs to another key; a secret can belong to one key only");
        assertThat(keyEvents()).isEqualTo(before);
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
