package io.keyledger.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.postgres.LocalPostgres;
import io.keyledger.support.eventstore.ByteaPostgreSQLDialect;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The JPA event store on a real PostgreSQL (a throwaway server from the machine's binaries,
 * {@link LocalPostgres}) selected by {@code keyledger.event-store=postgres}: every Axon payload,
 * metadata and token column is {@code bytea}, never a large object, and events go in and out.
 */
class PostgresEventStoreTest {

    static LocalPostgres postgres;
    static ConfigurableApplicationContext context;

    /** Started the way a service starts: the store chosen by a property the environment post-processor reads. */
    @BeforeAll
    static void start() throws Exception {
        postgres = LocalPostgres.startThrowaway(Path.of("target", "postgres-event-store-test").toAbsolutePath());
        context = new SpringApplicationBuilder(SupportTestApplication.class).web(WebApplicationType.NONE).run(
                "--keyledger.event-store=postgres",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.user(),
                "--spring.datasource.password=" + postgres.password());
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void payloadsAreByteaAndEventsRoundTrip() {
        EventStore eventStore = context.getBean(EventStore.class);
        TransactionTemplate tx = context.getBean(TransactionTemplate.class);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        EntityManagerFactory sessionFactory = context.getBean(EntityManagerFactory.class);
        assertThat(sessionFactory.getProperties().get("hibernate.dialect")).isEqualTo(ByteaPostgreSQLDialect.class.getName());

        String keyId = "key-" + UUID.randomUUID();
        String secret = ApiKeyFormat.generate(Environment.LIVE, new SecureRandom());
        ApiKeyCreatedEvent created = new ApiKeyCreatedEvent(keyId, "org-1", "on postgres", null,
                new Owner(OwnerType.USER, "u1"), Environment.LIVE, ApiKeyFormat.sha256Hex(secret),
                ApiKeyFormat.displayPrefix(secret), List.of("keys:read"), RateLimit.NONE, Restrictions.NONE, null, false);
        tx.executeWithoutResult(s -> eventStore.publish(new GenericDomainEventMessage<>("ApiKey", keyId, 0, created)));

        List<? extends DomainEventMessage<?>> read = eventStore.readEvents(keyId).asStream().toList();
        assertThat(read).hasSize(1);
        assertThat(read.get(0).getPayload()).isEqualTo(created);

        // every binary column of Axon's tables (events, snapshots, tokens, dead letters) is bytea
        Map<String, String> types = jdbc.queryForList("SELECT table_name, column_name, data_type FROM information_schema.columns"
                        + " WHERE table_schema = 'public' AND column_name IN ('payload', 'meta_data', 'token', 'serialized_saga',"
                        + " 'token_type', 'diagnostics', 'cause_message')").stream()
                .collect(Collectors.toMap(r -> r.get("table_name") + "." + r.get("column_name"), r -> (String) r.get("data_type")));
        assertThat(types).containsEntry("domain_event_entry.payload", "bytea")
                .containsEntry("domain_event_entry.meta_data", "bytea")
                .containsEntry("snapshot_event_entry.payload", "bytea")
                .containsEntry("token_entry.token", "bytea");
        assertThat(jdbc.queryForList("SELECT table_name || '.' || column_name FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND data_type = 'oid'", String.class)).isEmpty();
        // the test's projection (a tracking processor with a JPA token) has stored its token: no large object either
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM token_entry WHERE token IS NOT NULL", Long.class) > 0);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_largeobject_metadata", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?",
                String.class, keyId)).contains("\"name\":\"on postgres\"");
    }
}
