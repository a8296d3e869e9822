package io.keyledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoCollection;
import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.Plan;
import io.keyledger.query.MongoTestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The audit index and the export that reads through it, against the MongoDB wire server and an H2 event table. */
class AuditIndexTest {

    static final Instant DAY1 = Instant.parse("2026-03-01T23:59:00Z");
    static final Instant DAY2 = Instant.parse("2026-03-02T00:01:00Z");

    final MongoTestServer mongo = new MongoTestServer();
    final MongoCollection<Document> collection = mongo.database.getCollection(AuditIndex.COLLECTION);
    final AuditIndex index = new AuditIndex(collection);
    final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final AuditEntries entries = new AuditEntries(json);
    final String url = "jdbc:h2:mem:audit-index-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void theIndexNamesEachDaysKeysPerOrganizationAndAReplayChangesNothing() {
        List<GenericDomainEventMessage<?>> events = List.of(
                message("k1", 0, created("k1", "acme"), DAY1),
                message("k1", 1, new ApiKeyRevokedEvent("k1", "acme", "x"), DAY2),
                message("k2", 0, created("k2", "acme"), DAY2),
                message("k3", 0, created("k3", "other"), DAY1),
                message("acme", 0, new OrganizationRegisteredEvent("acme", "Acme", Plan.FREE), DAY1));
        events.forEach(e -> index.on(e.getPayload(), e));
        List<Document> once = collection.find().into(new ArrayList<>());
        events.forEach(e -> index.on(e.getPayload(), e));
        assertThat(collection.find().into(new ArrayList<>())).containsExactlyInAnyOrderElementsOf(once);

        assertThat(index.keysByDay("acme", DAY1.minusSeconds(3600), DAY2.plusSeconds(3600))).containsExactly(
                java.util.Map.entry(LocalDate.parse("2026-03-01"), List.of("k1")),
                java.util.Map.entry(LocalDate.parse("2026-03-02"), List.of("k1", "k2")));
        assertThat(index.keysByDay("other", DAY1, DAY2)).containsOnlyKeys(LocalDate.parse("2026-03-01"));
        assertThat(index.keysByDay("nobody", DAY1, DAY2)).isEmpty();
        // the organization's own registration is no key event: not indexed
        assertThat(once).allSatisfy(d -> assertThat(d.getList("keys", String.class)).doesNotContain("acme"));
    }

    @Test
    void theExportReadsOnlyTheOrganizationsKeysAndTheirEventsOfThePeriod() throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             EventTable table = new EventTable(connection, serializer)) {
            add(table, "k1", 0, created("k1", "acme"), DAY1.minusSeconds(7200));
            add(table, "k1", 1, new ApiKeyRevokedEvent("k1", "acme", "leaked"), DAY2);
            add(table, "k2", 0, created("k2", "acme"), DAY1);
            for (int i = 0; i < 50; i++) {
                add(table, "o" + i, 0, created("o" + i, "other"), DAY1);
            }
        }
        List<Collection<String>> asked = new ArrayList<>();
        LocalPeriodEvents local = new LocalPeriodEvents(new JdbcTemplate(new SingleConnectionDataSource(url, true)),
                serializer, entries);
        PeriodEvents recording = (keys, from, to) -> {
            asked.add(keys);
            return local.read(keys, from, to);
        };
        AuditExport export = new AuditExport(index, recording, json);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = export.write("acme", DAY1.minusSeconds(60), DAY2.plusSeconds(60), AuditExport.Format.NDJSON, out);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(json.readTree(line));
        }
        assertThat(n).isEqualTo(2);
        assertThat(lines).extracting(l -> l.at("/key_id").asText() + "/" + l.at("/sequence").asLong() + "/"
                + l.at("/type").asText()).containsExactly("k2/0/ApiKeyCreated", "k1/1/ApiKeyRevoked");
        assertThat(lines.get(1).at("/actor").asText()).isEqualTo("key-admin");
        assertThat(lines.get(1).at("/global_index").asLong()).isEqualTo(2);
        assertThat(lines.get(1).at("/payload/reason").asText()).isEqualTo("leaked");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("key_hash").doesNotContain("other");
        // only acme's keys were ever read from the store: never one of the other organization's
        assertThat(asked).isNotEmpty().allSatisfy(keys -> assertThat(keys).isSubsetOf("k1", "k2"));
    }

    /** The index as the processor would leave it for the events added. */
    private void add(EventTable table, String keyId, long sequence, Object event, Instant at) throws Exception {
        table.add(keyId, sequence, event, MetaData.with("actor", "key-admin"), at);
        index.on(event, message(keyId, sequence, event, at));
    }

    private static GenericDomainEventMessage<?> message(String id, long sequence, Object payload, Instant at) {
        return new GenericDomainEventMessage<>("ApiKey", id, sequence, payload, MetaData.emptyInstance(),
                UUID.randomUUID().toString(), at);
    }

    static ApiKeyCreatedEvent created(String keyId, String org) {
        return new ApiKeyCreatedEvent(keyId, org, "key " + keyId, null, new Owner(OwnerType.APPLICATION, "app-1"),
                Environment.LIVE, "ab".repeat(32), "kl_live_AbCd", List.of("tasks:read"), RateLimit.NONE,
                Restrictions.NONE, null, false);
    }
}
