package io.keyledger.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.query.attempts.JsonSerde;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service wired to real infrastructure started by the test: a KRaft Kafka broker, the
 * MongoDB wire server (memory backend) and an H2 event store. Key events are appended to the
 * event store, attempts produced on {@code auth-attempts}; the API must show both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:query-it;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "keyledger.event-store.fetch-delay=10ms",
})
@EmbeddedKafka(kraft = true, partitions = 1, brokerProperties = {
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1",
})
class QueryServiceIntegrationTest {

    static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    static final Path STATE_DIR;

    static {
        try {
            STATE_DIR = Files.createTempDirectory("query-streams");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String ORG = "default";
    static final String ADMIN_KEY = ApiKeyFormat.generate(Environment.LIVE, new Random(1));
    static final String ADMIN_ID = "key-admin";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri",
                () -> "mongodb://localhost:" + MONGO_ADDRESS.getPort() + "/keyledger");
        registry.add("keyledger.streams.state-dir", STATE_DIR::toString);
    }

    @AfterAll
    static void stopMongo() {
        MONGO.shutdownNow();
    }

    @Autowired
    EventStore eventStore;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;
    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @Test
    void keyEventsAndAttemptsShowInTheApiWithinTheCallersOrganization() throws Exception {
        ensureAdmin();
        String keyId = "key-" + UUID.randomUUID();
        append(created(keyId, ORG, "0".repeat(64), List.of("tasks:read")), 0);
        String foreignId = "key-" + UUID.randomUUID();
        append(created(foreignId, "other-org", "1".repeat(64), List.of("tasks:read")), 0);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/v1/api-keys/" + keyId).getStatusCode().value()).isEqualTo(200));
        assertThat(get("/v1/api-keys/" + foreignId).getStatusCode().value()).isEqualTo(404);

        Instant now = Instant.now();
        try (KafkaProducer<String, String> producer = producer()) {
            AuthAttempt attempt = new AuthAttempt(UUID.randomUUID().toString(), keyId, "kl_live_AbCd", ORG,
                    VerificationCode.VALID, "tasks:read", "10.1.2.3", "curl/8", now, 12);
            producer.send(new ProducerRecord<>(AuthAttempt.TOPIC, keyId,
                    JsonSerde.MAPPER.writeValueAsString(attempt))).get();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode key = json.readTree(get("/v1/api-keys/" + keyId).getBody());
            assertThat(key.at("/usage/requests_today").asLong()).isEqualTo(1);
            assertThat(key.at("/usage/requests_this_month").asLong()).isEqualTo(1);
            assertThat(key.at("/last_used").isNull()).isFalse();
        });
        String body = get("/v1/api-keys/" + keyId).getBody();
        assertThat(body).doesNotContain("0".repeat(64)).doesNotContain("hash");
        JsonNode key = json.readTree(body);
        assertThat(key.at("/organization_id").asText()).isEqualTo(ORG);
        assertThat(key.at("/status").asText()).isEqualTo("active");
        assertThat(key.at("/environment").asText()).isEqualTo("live");
    }

    private ResponseEntity<String> get(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(ADMIN_KEY);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private void append(Object event, long sequence) {
        String keyId = ((ApiKeyCreatedEvent) event).keyId();
        eventStore.publish(new GenericDomainEventMessage<>("ApiKey", keyId, sequence, event,
                MetaData.with("actor", "system")));
    }

    private void append(String keyId, long sequence, Object event, Instant at) {
        MetaData meta = MetaData.with("actor", ADMIN_ID).and("client_ip", "10.9.8.7")
                .and("user_agent", "it/1").and("correlation_id", "corr-" + sequence);
        eventStore.publish(new GenericDomainEventMessage<>("ApiKey", keyId, sequence, event, meta,
                UUID.randomUUID().toString(), at));
    }

    private void ensureAdmin() {
        if (eventStore.readEvents(ADMIN_ID).asStream().findAny().isEmpty()) {
            append(created(ADMIN_ID, ORG, ApiKeyFormat.sha256Hex(ADMIN_KEY), List.of("admin:*")), 0);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/v1/api-keys/" + ADMIN_ID).getStatusCode().value()).isEqualTo(200));
    }

    private void produce(AuthAttempt attempt) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(AuthAttempt.TOPIC, attempt.keyId(),
                    JsonSerde.MAPPER.writeValueAsString(attempt))).get();
        }
    }

    @Test
    void auditShowsTheHistoryWithMetadataAndTheStateBetweenTwoChangesIsTheEarlierOne() throws Exception {
        ensureAdmin();
        String keyId = "key-" + UUID.randomUUID();
        Instant created = Instant.now().minusSeconds(60);
        append(keyId, 0, created(keyId, ORG, "2".repeat(64), List.of("tasks:read")), created);
        append(keyId, 1, new ApiKeyUpdatedEvent(keyId, ORG, java.util.Set.of("name"), "renamed", null,
                List.of("tasks:read"), RateLimit.NONE, Restrictions.NONE, null), created.plusSeconds(20));
        append(keyId, 2, new ApiKeyRevokedEvent(keyId, ORG, "leaked"), created.plusSeconds(40));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                json.readTree(get("/v1/api-keys/" + keyId).getBody()).at("/status").asText()).isEqualTo("revoked"));

        String eventsBody = get("/v1/api-keys/" + keyId + "/events").getBody();
        assertThat(eventsBody).doesNotContain("2".repeat(64)).doesNotContain("key_hash");
        JsonNode events = json.readTree(eventsBody).at("/data");
        assertThat(events).hasSize(3);
        assertThat(events.get(0).at("/type").asText()).isEqualTo("ApiKeyCreated");
        assertThat(events.get(1).at("/actor").asText()).isEqualTo(ADMIN_ID);
        assertThat(events.get(1).at("/client_ip").asText()).isEqualTo("10.9.8.7");
        assertThat(events.get(2).at("/payload/reason").asText()).isEqualTo("leaked");
        assertThat(events.get(2).at("/sequence").asLong()).isEqualTo(2);

        JsonNode between = json.readTree(get("/v1/api-keys/" + keyId + "/state?at=" + created.plusSeconds(10)).getBody());
        assertThat(between.at("/name").asText()).isEqualTo("key " + keyId);
        assertThat(between.at("/status").asText()).isEqualTo("active");
        assertThat(between.at("/version").asLong()).isZero();
        JsonNode after = json.readTree(get("/v1/api-keys/" + keyId + "/state?at=" + created.plusSeconds(30)).getBody());
        assertThat(after.at("/name").asText()).isEqualTo("renamed");
        assertThat(get("/v1/api-keys/" + keyId + "/state?at=" + created.minusSeconds(1)).getStatusCode().value())
                .isEqualTo(404);

        // the replay of every event and the projection agree on the key as it is now
        JsonNode now = json.readTree(get("/v1/api-keys/" + keyId + "/state?at=" + Instant.now()).getBody());
        JsonNode projected = json.readTree(get("/v1/api-keys/" + keyId).getBody());
        for (String field : List.of("name", "status", "revoked_at", "revocation_reason", "version", "created_at",
                "permissions", "owner", "rate_limit", "restrictions", "prefix")) {
            assertThat(now.get(field)).as(field).isEqualTo(projected.get(field));
        }

        String ndjson = get("/v1/audit/export?from=" + created.minusSeconds(1) + "&to=" + created.plusSeconds(41)
                + "&format=ndjson").getBody();
        assertThat(ndjson.lines().filter(l -> l.contains(keyId)).count()).isEqualTo(3);
        assertThat(ndjson).doesNotContain("other-org").doesNotContain("key_hash");
        String csv = get("/v1/audit/export?from=" + created.minusSeconds(1) + "&to=" + created.plusSeconds(30)
                + "&format=csv").getBody();
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("global_index,occurred_at,key_id");
        assertThat(csv.lines().filter(l -> l.contains(keyId)).count()).isEqualTo(2);
    }

    @Test
    void aRevokedKeyUsedBecomesAnAnomalyAndUsageShowsAsASeries() throws Exception {
        ensureAdmin();
        String keyId = "key-" + UUID.randomUUID();
        append(keyId, 0, created(keyId, ORG, "3".repeat(64), List.of("tasks:read")), Instant.now());
        Instant now = Instant.now();
        produce(new AuthAttempt(UUID.randomUUID().toString(), keyId, "kl_live_AbCd", ORG, VerificationCode.REVOKED,
                null, "192.0.2.44", "curl/8", now, 3));
        produce(new AuthAttempt(UUID.randomUUID().toString(), keyId, "kl_live_AbCd", ORG, VerificationCode.VALID,
                null, "192.0.2.44", "curl/8", now, 3));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode anomalies = json.readTree(get("/v1/anomalies?key_id=" + keyId).getBody()).at("/data");
            assertThat(anomalies).hasSize(1);
            assertThat(anomalies.get(0).at("/type").asText()).isEqualTo("revoked_key_used");
            assertThat(anomalies.get(0).at("/evidence/ips/0").asText()).isEqualTo("192.0.2.44");
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode series = json.readTree(get("/v1/api-keys/" + keyId + "/usage?interval=minute&from="
                    + now.minusSeconds(120) + "&to=" + now.plusSeconds(60)).getBody()).at("/data");
            assertThat(series).hasSizeGreaterThanOrEqualTo(3);
            long requests = 0;
            long denied = 0;
            for (JsonNode point : series) {
                requests += point.at("/requests").asLong();
                denied += point.at("/denied").asLong();
            }
            assertThat(requests).isEqualTo(2);
            assertThat(denied).isEqualTo(1);
        });
        // organization totals come through a repartition topic: they may land after the key's
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode summary = json.readTree(get("/v1/organizations/" + ORG + "/summary").getBody());
            assertThat(summary.at("/requests/by_code/REVOKED").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(summary.at("/keys/active").asLong()).isGreaterThanOrEqualTo(2);
        });
        assertThat(get("/v1/organizations/other-org/summary").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void theKeyListFiltersAndPagesWithinTheOrganization() throws Exception {
        ensureAdmin();
        String owner = "owner-" + UUID.randomUUID();
        Instant base = Instant.now().minusSeconds(30);
        for (int i = 0; i < 5; i++) {
            String keyId = "key-" + UUID.randomUUID();
            ApiKeyCreatedEvent event = new ApiKeyCreatedEvent(keyId, ORG, "listed " + i, null,
                    new Owner(OwnerType.USER, owner), i % 2 == 0 ? Environment.TEST : Environment.LIVE, "4".repeat(64),
                    "kl_test_AbCd", List.of(), RateLimit.NONE, Restrictions.NONE, null, false);
            append(keyId, 0, event, base.plusSeconds(i));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                json.readTree(get("/v1/api-keys?owner_id=" + owner + "&limit=10").getBody()).at("/data")).hasSize(5));

        JsonNode first = json.readTree(get("/v1/api-keys?owner_id=" + owner + "&environment=test&limit=2").getBody());
        assertThat(first.at("/data")).hasSize(2);
        assertThat(first.at("/data/0/name").asText()).isEqualTo("listed 4");
        String cursor = first.at("/next_cursor").asText();
        JsonNode second = json.readTree(get("/v1/api-keys?owner_id=" + owner + "&environment=test&limit=2&cursor="
                + cursor).getBody());
        assertThat(second.at("/data")).hasSize(1);
        assertThat(second.at("/data/0/name").asText()).isEqualTo("listed 0");
        assertThat(second.at("/next_cursor").isNull()).isTrue();
        assertThat(get("/v1/api-keys?status=bogus").getStatusCode().value()).isEqualTo(400);
        assertThat(get("/v1/api-keys?cursor=%%%").getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void rebuildingTheKeyProjectionReproducesTheSameDocuments() throws Exception {
        ensureAdmin();
        String keyId = "key-" + UUID.randomUUID();
        append(keyId, 0, created(keyId, ORG, "5".repeat(64), List.of("a:read")), Instant.now().minusSeconds(5));
        append(keyId, 1, new ApiKeyDisabledEvent(keyId, ORG), Instant.now());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                json.readTree(get("/v1/api-keys/" + keyId).getBody()).at("/status").asText()).isEqualTo("disabled"));
        List<org.bson.Document> before = mongo.getCollection("keys").find().into(new java.util.ArrayList<>());

        ResponseEntity<String> started = exchange(HttpMethod.POST, "/v1/admin/projections/keys-read-model/rebuild");
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode progress = json.readTree(get("/v1/admin/projections/keys-read-model").getBody());
            assertThat(progress.at("/status").asText()).isEqualTo("up_to_date");
            assertThat(progress.at("/processed").asLong()).isEqualTo(progress.at("/total").asLong());
        });
        List<org.bson.Document> after = mongo.getCollection("keys").find().into(new java.util.ArrayList<>());
        assertThat(after).containsExactlyInAnyOrderElementsOf(before);
        assertThat(get("/v1/admin/projections/no-such-projection").getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void callsNeedAKeyAndTheRightPermission() {
        ensureAdmin();
        String plainKey = ApiKeyFormat.generate(Environment.LIVE, new Random(2));
        String plainId = "key-" + UUID.randomUUID();
        append(plainId, 0, created(plainId, ORG, ApiKeyFormat.sha256Hex(plainKey), List.of("tasks:read")), Instant.now());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/v1/api-keys/" + plainId).getStatusCode().value()).isEqualTo(200));

        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(plainKey);
        for (String path : List.of("/v1/api-keys", "/v1/api-keys/" + plainId + "/events", "/v1/anomalies",
                "/v1/admin/projections/keys-read-model")) {
            assertThat(http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class).getStatusCode().value())
                    .as(path).isEqualTo(403);
        }
        assertThat(http.getForEntity("/v1/api-keys", String.class).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void readinessCoversMongoTheStreamsAndTheProjections() {
        ensureAdmin();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ResponseEntity<String> readiness = http.getForEntity("/actuator/health/readiness", String.class);
            assertThat(readiness.getStatusCode().value()).isEqualTo(200);
            assertThat(readiness.getBody()).contains("readModel", "kafkaStreams", "projections");
        });
    }

    private ResponseEntity<String> exchange(HttpMethod method, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(ADMIN_KEY);
        return http.exchange(path, method, new HttpEntity<>(headers), String.class);
    }

    static ApiKeyCreatedEvent created(String keyId, String org, String hash, List<String> permissions) {
        return new ApiKeyCreatedEvent(keyId, org, "key " + keyId, null, new Owner(OwnerType.APPLICATION, "app-1"),
                Environment.LIVE, hash, "kl_live_AbCd", permissions, RateLimit.NONE, Restrictions.NONE, null, false);
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(), new StringSerializer());
    }
}
