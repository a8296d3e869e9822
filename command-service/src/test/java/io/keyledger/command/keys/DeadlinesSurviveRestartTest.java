package io.keyledger.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.command.CommandServiceApplication;
import io.keyledger.command.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Expiry and the end of a grace period are scheduled in the database, not in memory: they fire
 * after command-service was stopped while they fell due and started again.
 */
class DeadlinesSurviveRestartTest {

    @TempDir
    Path dir;

    /** @param pollingInterval how often the deadline scheduler of this instance looks for due deadlines */
    private ConfigurableApplicationContext start(String pollingInterval) {
        return new SpringApplicationBuilder(CommandServiceApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("eventstore"),
                        "--spring.jpa.hibernate.ddl-auto=update",
                        "--keyledger.data-dir=" + dir.resolve("data"),
                        "--db-scheduler.polling-interval=" + pollingInterval,
                        "--db-scheduler.immediate-execution-enabled=false");
    }

    private static Http admin(ConfigurableApplicationContext context, Path dataDir) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Http admin = new Http(port, Files.readString(dataDir.resolve("bootstrap-admin.key")).trim());
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.post("/v1/api-keys/key_none/disable", null).status() != 401);
        return admin;
    }

    @Test
    void expiryAndGraceDeadlinesFireAfterARestart() throws Exception {
        String expiringId;
        String rotatedId;
        Instant expiresAt;
        // the first instance polls once at its start, before anything is due, and never again: whatever
        // fires, fires from the database in the second instance
        try (ConfigurableApplicationContext first = start("1h")) {
            Http admin = admin(first, dir.resolve("data"));
            expiresAt = Instant.now().plusSeconds(4);
            Http.Answer expiring = admin.post("/v1/api-keys", "{\"name\":\"expiring\",\"expires_at\":\"" + expiresAt + "\"}");
            assertThat(expiring.status()).as(expiring.toString()).isEqualTo(201);
            expiringId = expiring.json().get("id").asText();
            rotatedId = admin.post("/v1/api-keys", "{\"name\":\"rotated\"}").json().get("id").asText();
            assertThat(admin.post("/v1/api-keys/" + rotatedId + "/rotate", "{\"grace_period_seconds\":4}").status())
                    .isEqualTo(200);
        }
        // both deadlines fall due while no command-service runs
        while (Instant.now().isBefore(expiresAt.plusSeconds(1))) {
            Thread.sleep(200);
        }
        try (ConfigurableApplicationContext second = start("200ms")) {
            EventStore events = second.getBean(EventStore.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.readEvents(expiringId).asStream()
                    .anyMatch(e -> e.getPayload() instanceof ApiKeyExpiredEvent));
            await().atMost(Duration.ofSeconds(30)).until(() -> events.readEvents(rotatedId).asStream()
                    .anyMatch(e -> e.getPayload() instanceof ApiKeyPreviousSecretRetiredEvent));
        }
    }
}
