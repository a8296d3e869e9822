package io.keyledger.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the database keeps is keyed by a secret it does not hold: another deployment secret derives other ids and keys. */
class DeploymentSecretTest {

    @Test
    void anotherSecretDerivesOtherIdsAndSealingKeys(@TempDir Path dir) {
        DeploymentSecret ours = new DeploymentSecret("", dir);
        DeploymentSecret again = new DeploymentSecret("", dir);
        DeploymentSecret theirs = new DeploymentSecret("another deployment".getBytes(StandardCharsets.UTF_8));
        byte[] id = ours.derive("keyledger idempotency id v2", "key_1", "retry-42");
        assertThat(again.derive("keyledger idempotency id v2", "key_1", "retry-42")).as("read back from the file").isEqualTo(id);
        assertThat(theirs.derive("keyledger idempotency id v2", "key_1", "retry-42")).isNotEqualTo(id);
        assertThat(ours.derive("keyledger idempotency id v2", "key_1", "retry-43")).isNotEqualTo(id);
    }

    @Test
    void theGeneratedSecretIsReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        new DeploymentSecret("", dir);
        Path file = dir.resolve(DeploymentSecret.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).trim()).hasSizeGreaterThanOrEqualTo(43);
    }
}
