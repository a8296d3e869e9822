package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No event can wedge a processor (issue 12 item 2): an event no handler can read — a key whose
 * {@code expiresAt} is not an instant at all — written straight into the event store, past every
 * validation. (The year-292278995 expiry of the report is now applied, saturated, by every
 * projection; the API refuses it, see HostileInputIT.)
 * The processors that cannot apply it park its sequence in their dead-letter queue; the read
 * model, the validator and usage go on serving the keys that come after it, and the poison event
 * is listed by {@code GET /v1/admin/dead-letters} and counted in health.
 */
@ExtendWith(SharedStack.class)
@Order(90)
class PoisonEventIT {

    private static final String UNREADABLE = "the heat death of the universe";

    @Test
    void aPoisonEventIsParkedAndEveryProcessorGoesOn(LocalStack stack) throws Exception {
        Api api = new Api(stack);
        String org = api.createOrganization("poison", "enterprise");
        Api.Key before = api.createKey(org, "poison before", List.of("keys:read", "tasks:read"));

        String poisonId = "key_poison_" + UUID.randomUUID().toString().replace("-", "");
        appendPoison(stack, before.id(), poisonId);

        // later events are handled: a key created after the poison is known everywhere
        Api.Key after = api.createKey(org, "poison after", List.of("keys:read", "tasks:read"));
        JsonNode details = await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(200)).until(
                () -> Http.get(stack.query("/v1/api-keys/" + after.id()), after.key()),
                a -> a.status() == 200).body();
        assertThat(details.path("name").asText()).isEqualTo("poison after");
        assertThat(api.verify(after.key(), List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");
        // usage keeps flowing for the later key
        for (int i = 0; i < 3; i++) {
            api.verify(after.key(), List.of("tasks:read"));
        }
        await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(200)).until(
                () -> Http.get(stack.query("/v1/api-keys/" + after.id()), after.key()).body()
                        .path("usage").path("requests_today").asLong() >= 4);

        // the poison is parked, listed and counted
        JsonNode listed = await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(200)).until(
                () -> Http.get(stack.query("/v1/admin/dead-letters"), api.admin).body(),
                body -> StreamSupport.stream(body.path("data").spliterator(), false)
                        .anyMatch(l -> poisonId.equals(l.path("aggregate_id").asText())));
        JsonNode letter = StreamSupport.stream(listed.path("data").spliterator(), false)
                .filter(l -> poisonId.equals(l.path("aggregate_id").asText())).findFirst().orElseThrow();
        System.out.println("poison event: query-service dead letter " + letter);
        assertThat(letter.path("event_type").asText()).isEqualTo("ApiKeyCreatedEvent");
        assertThat(letter.path("sequence_identifier").asText()).isEqualTo(poisonId);
        assertThat(letter.path("group").asText()).isNotEmpty();
        assertThat(listed.toString()).doesNotContain("key_hash").doesNotContain("poison hash");
        assertThat(Http.get(stack.query("/v1/admin/dead-letters"), after.key()).status()).isEqualTo(403);

        Http.Answer health = Http.get(stack.query("/actuator/health"), null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("components").path("deadLetters").path("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.body().path("components").path("deadLetters").path("details").path("total").asLong())
                .isGreaterThanOrEqualTo(1);

        // the key before the poison still reads and verifies
        assertThat(Http.get(stack.query("/v1/api-keys/" + before.id()), before.key()).status()).isEqualTo(200);
        assertThat(api.verify(before.key(), List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");
    }

    /** A copy of {@code templateKey}'s ApiKeyCreatedEvent for a new aggregate, with an expiry no reader can parse. */
    private static void appendPoison(LocalStack stack, String templateKey, String poisonId) throws Exception {
        try (Connection c = Stores.eventStore(stack)) {
            String payloadType;
            String revision;
            String timestamp;
            byte[] payload;
            byte[] metadata;
            String aggregateType;
            try (PreparedStatement s = c.prepareStatement("SELECT payload_type, payload_revision, time_stamp, payload, meta_data, type "
                    + "FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0")) {
                s.setString(1, templateKey);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as("the template key's creation is stored").isTrue();
                    payloadType = rs.getString(1);
                    revision = rs.getString(2);
                    timestamp = rs.getString(3);
                    payload = rs.getBytes(4);
                    metadata = rs.getBytes(5);
                    aggregateType = rs.getString(6);
                }
            }
            assertThat(payloadType).endsWith("ApiKeyCreatedEvent");
            ObjectNode event = (ObjectNode) Http.JSON.readTree(payload);
            event.put("keyId", poisonId);
            event.put("name", "poison");
            event.put("keyHash", "poison hash " + UUID.randomUUID());
            event.put("expiresAt", UNREADABLE);
            long globalIndex = nextGlobalIndex(c);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO domain_event_entry (global_index, event_identifier, "
                    + "aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                    + "VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, globalIndex);
                insert.setString(2, UUID.randomUUID().toString());
                insert.setString(3, poisonId);
                insert.setString(4, aggregateType);
                insert.setString(5, timestamp);
                insert.setString(6, payloadType);
                insert.setString(7, revision);
                insert.setBytes(8, Http.JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8));
                insert.setBytes(9, metadata);
                insert.executeUpdate();
            }
        }
    }

    /**
     * Hibernate hands out global indexes from a pooled sequence: a value taken from it here is one no
     * service process will use. Without a sequence (identity column), one past the highest.
     */
    private static long nextGlobalIndex(Connection c) throws Exception {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sequence_name FROM information_schema.sequences "
                     + "WHERE UPPER(sequence_name) LIKE 'DOMAIN_EVENT_ENTRY%'")) {
            if (rs.next()) {
                try (Statement n = c.createStatement(); ResultSet next = n.executeQuery(
                        "SELECT NEXT VALUE FOR \"" + rs.getString(1) + "\"")) {
                    next.next();
                    return next.getLong(1);
                }
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(global_index) + 1 FROM domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
