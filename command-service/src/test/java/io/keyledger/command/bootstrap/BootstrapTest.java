package io.keyledger.command.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Permissions;
import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import io.keyledger.command.keys.KeyGenerator;
import io.keyledger.command.organizations.OrganizationDirectory;
import io.keyledger.command.web.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;

class BootstrapTest extends CommandServiceTest {

    @Autowired
    Bootstrap bootstrap;
    @Autowired
    EventStore eventStore;
    @Autowired
    Commands commands;
    @Autowired
    OrganizationDirectory organizations;
    @Autowired
    KeyGenerator generator;

    @Test
    void firstStartWritesAWellFormedAdminKeyReadableByTheOwnerOnly() throws Exception {
        Path file = DATA_DIR.resolve("bootstrap-admin.key");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String key = adminKey();
        assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
        assertThat(key).startsWith("kl_live_");
        ApiKeyCreatedEvent created = (ApiKeyCreatedEvent) eventStore.readEvents(Bootstrap.ADMIN_KEY_ID).next().getPayload();
        assertThat(created.keyHash()).isEqualTo(ApiKeyFormat.sha256Hex(key));
        assertThat(created.organizationId()).isEqualTo(Bootstrap.ORGANIZATION_ID);
        assertThat(created.permissions()).containsExactly(Permissions.ADMIN);
        assertThat(organizations.exists(Bootstrap.ORGANIZATION_ID)).isTrue();
        assertThat(bootstrap.isDone()).isTrue();
    }

    @Test
    void aSecondStartChangesNothing() throws Exception {
        String before = adminKey();
        long events = eventStore.readEvents(Bootstrap.ADMIN_KEY_ID).asStream().count()
                + eventStore.readEvents(Bootstrap.ORGANIZATION_ID).asStream().count();
        bootstrap.run(new DefaultApplicationArguments());
        assertThat(adminKey()).isEqualTo(before);
        assertThat(eventStore.readEvents(Bootstrap.ADMIN_KEY_ID).asStream().count()
                + eventStore.readEvents(Bootstrap.ORGANIZATION_ID).asStream().count()).isEqualTo(events);
        try (var files = Files.list(DATA_DIR)) {
            // nothing half-written is left: the key file, and the deployment secret idempotency made at start
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("bootstrap-admin.key", "deployment.secret");
        }
    }

    @Test
    void aStartThatLostTheRaceLeavesTheWinnersKeyAlone() throws Exception {
        String before = adminKey();
        String configured = ApiKeyFormat.generate(Environment.LIVE, new SecureRandom());
        // a second instance configured with another key starts against the same event store
        new Bootstrap(commands, eventStore, organizations, generator, DATA_DIR, configured)
                .run(new DefaultApplicationArguments());
        assertThat(adminKey()).isEqualTo(before);
        ApiKeyCreatedEvent created = (ApiKeyCreatedEvent) eventStore.readEvents(Bootstrap.ADMIN_KEY_ID).next().getPayload();
        assertThat(created.keyHash()).isEqualTo(ApiKeyFormat.sha256Hex(before));
    }

    @Test
    void aMalformedConfiguredKeyStopsTheStartWithoutShowingIt() {
        Bootstrap misconfigured = new Bootstrap(commands, eventStore, organizations, generator, DATA_DIR,
                "kl_live_thisIsNotAValidChecksummedKeyAtAll000000");
        assertThatThrownBy(() -> misconfigured.run(new DefaultApplicationArguments()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KEYLEDGER_BOOTSTRAP_ADMIN_KEY")
                .hasMessageNotContaining("thisIsNotAValid");
    }

    @Test
    void theAdminKeyWorksAndReadinessIsUp() {
        Http admin = admin();
        awaitAuthenticates(admin);
        Http.Answer readiness = anonymous().get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        assertThat(readiness.text()).contains("\"bootstrap\"");
    }
}
