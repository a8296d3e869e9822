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
// keeps the Prometheus endpoint, which Spring Boot tests switch off by default (metricsAreScraped)
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
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

    /** Issue 15: anomalies by type, processor lag per group and the Streams lag, as Prometheus scrapes them. */
    @Test
    void metricsAreScraped() {
        String metrics = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> http.getForObject("/actuator/prometheus", String.class),
                        text -> text.contains("keyledger_processor_lag_events{")
                                && text.contains("kafka_consumer_fetch_manager_records_lag_max"));
        assertThat(metrics)
                .contains("keyledger_anomalies_total{type=\"failure_spike\"")
                .contains("keyledger_anomalies_total{type=\"revoked_key_used\"")
                .contains("keyledger_anomalies_total{type=\"other\"")
                .containsPattern("keyledger_processor_lag_events\\{group=\"[a-z-]+\"")
                .containsPattern("keyledger_processor_lag_seconds\\{group=\"[a-z-]+\"")
                // Kafka Streams' own metrics (KafkaStreamsMetrics), the consumer lag of the attempt topology among them
                .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"[^\"]*StreamThread")
                .contains("kafka_stream_thread_process_rate");
    }

    /** Issue 15: the description is the wire (SpecRules): no caller parameter, snake_case, lower-case enums. */
    @Test
    void openApiIsTheWire() throws Exception {
        ResponseEntity<String> docs = http.getForEntity("/v3/api-docs", String.class);
        assertThat(docs.getStatusCode().value()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode spec = json.readTree(docs.getBody());
        Files.writeString(Path.of("target/query-api-docs.json"), spec.toPrettyString());
        assertThat(io.keyledger.support.openapi.SpecRules.violations(spec)).isEmpty();
        assertThat(spec.at("/info/title").asText()).isEqualTo("keyledger query API");
        assertThat(spec.at("/paths/~1v1~1api-keys/get/parameters").findValuesAsText("name"))
                .contains("status", "environment", "limit", "cursor").doesNotContain("caller");
        assertThat(spec.at("/paths/~1v1~1api-keys~1{id}/get/responses/404/content").has("application/problem+json")).isTrue();
        assertThat(spec.at("/paths/~1v1~1api-keys~1{id}/get/responses/429/headers").has("Retry-After")).isTrue();
    }

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
        // the list carries each listed key's usage too (one read for the page)
        JsonNode listed = null;
        for (JsonNode k : json.readTree(get("/v1/api-keys?limit=200").getBody()).at("/data")) {
            if (k.at("/id").asText().equals(keyId)) {
                listed = k;
            }
        }
        assertThat(listed).as("the key is listed").isNotNull();
        assertThat(listed.at("/usage/requests_today").asLong()).isEqualTo(1);
        assertThat(listed.at("/usage/requests_this_month").asLong()).isEqualTo(1);
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
        // the overview's series and most used keys
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode series = json.readTree(get("/v1/organizations/" + ORG + "/usage?interval=minute&from="
                    + now.minusSeconds(120) + "&to=" + now.plusSeconds(60)).getBody()).at("/data");
            assertThat(series).hasSizeGreaterThanOrEqualTo(3);
            long denied = 0;
            long revoked = 0;
            for (JsonNode point : series) {
                denied += point.at("/denied").asLong();
                revoked += point.at("/by_code/REVOKED").asLong();
            }
            assertThat(denied).isGreaterThanOrEqualTo(1);
            assertThat(revoked).isGreaterThanOrEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode top = json.readTree(get("/v1/organizations/" + ORG + "/top-keys?limit=50").getBody()).at("/data");
            JsonNode mine = null;
            for (JsonNode k : top) {
                if (k.at("/id").asText().equals(keyId)) {
                    mine = k;
                }
            }
            assertThat(mine).as("the used key is among the most used: " + top).isNotNull();
            assertThat(mine.at("/requests_this_month").asLong()).isEqualTo(2);
            assertThat(mine.at("/requests_today").asLong()).isEqualTo(2);
            for (int i = 1; i < top.size(); i++) {
                assertThat(top.get(i).at("/requests_this_month").asLong())
                        .isLessThanOrEqualTo(top.get(i - 1).at("/requests_this_month").asLong());
            }
        });
    }

    /** Issue 17: permission usage and networks from attempts on the topic, within the caller's organization. */
    @Test
    void insightsTallyTheKeysAttemptsAndTheirParametersAreBounded() throws Exception {
        ensureAdmin();
        String keyId = "key-" + UUID.randomUUID();
        append(created(keyId, ORG, "2".repeat(64), List.of("tasks:*", "projects:read")), 0);
        String foreignId = "key-" + UUID.randomUUID();
        append(created(foreignId, "other-org", "3".repeat(64), List.of("tasks:read")), 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/v1/api-keys/" + keyId).getStatusCode().value()).isEqualTo(200));
        Instant now = Instant.now();
        produce(new AuthAttempt(UUID.randomUUID().toString(), keyId, "kl_live_AbCd", ORG, VerificationCode.VALID,
                "tasks:read", "10.1.2.3", "curl/8", now, 12, null, AuthAttempt.CURRENT_SECRET));
        produce(new AuthAttempt(UUID.randomUUID().toString(), keyId, "kl_live_AbCd", ORG, VerificationCode.FORBIDDEN,
                "billing:read", "2001:db8:1:2::9", "python", now, 12, null, AuthAttempt.CURRENT_SECRET));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode usage = json.readTree(get("/v1/api-keys/" + keyId + "/permission-usage?days=7").getBody());
            assertThat(usage.at("/data/0/permission").asText()).isEqualTo("tasks:*");
            assertThat(usage.at("/data/0/requests").asLong()).isEqualTo(1);
            assertThat(usage.at("/data/0/last_used").asText()).isNotEmpty();
            assertThat(usage.at("/data/1/requests").asLong()).isZero();
            assertThat(usage.at("/data/2/permission").asText()).isEqualTo("billing:read");
            assertThat(usage.at("/data/2/granted").asBoolean()).isFalse();
            assertThat(usage.at("/suggested_permissions").toString()).isEqualTo("[\"tasks:read\"]");
            assertThat(usage.at("/apply/method").asText()).isEqualTo("PATCH");
            assertThat(usage.at("/apply/headers/If-Match").asText()).isEqualTo("\"0\"");
        });
        // the rotation assistant: during the grace, the details count the previous secret's use since the rotation
        assertThat(json.readTree(get("/v1/api-keys/" + keyId).getBody()).has("previous_secret")).isFalse();
        Instant validUntil = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        append(keyId, 1, new io.keyledger.api.keys.ApiKeyRotatedEvent(keyId, ORG, "4".repeat(64), "kl_live_NeWw",
                "2".repeat(64), validUntil), Instant.now());
        Instant used = Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        produce(new AuthAttempt(UUID.randomUUID().toString(), keyId, "kl_live_AbCd", ORG, VerificationCode.VALID,
                null, "10.1.2.3", "curl/8", used, 12, null, AuthAttempt.PREVIOUS_SECRET));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode details = json.readTree(get("/v1/api-keys/" + keyId).getBody());
            assertThat(details.at("/previous_secret/valid_until").asText()).isEqualTo(validUntil.toString());
            assertThat(details.at("/previous_secret/requests_since_rotation").asLong()).isEqualTo(1);
            assertThat(Instant.parse(details.at("/previous_secret/last_used").asText())).isEqualTo(used);
        });
        append(keyId, 2, new io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent(keyId, ORG, "2".repeat(64)),
                Instant.now());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(json.readTree(get("/v1/api-keys/" + keyId).getBody()).has("previous_secret")).isFalse());

        JsonNode networks = json.readTree(get("/v1/api-keys/" + keyId + "/networks").getBody());
        assertThat(networks.at("/data").size()).isEqualTo(2);
        assertThat(networks.findValuesAsText("network")).containsExactlyInAnyOrder("10.1.2.0/24", "2001:db8:1::/48");
        assertThat(networks.toString()).contains("curl/8").contains("python");

        assertThat(get("/v1/api-keys/" + foreignId + "/networks").getStatusCode().value()).isEqualTo(404);
        assertThat(get("/v1/api-keys/" + foreignId + "/permission-usage").getStatusCode().value()).isEqualTo(404);
        assertThat(get("/v1/api-keys/" + foreignId + "/networks?organization_id=other-org").getStatusCode().value())
                .as("an admin names the organization").isEqualTo(200);
        assertThat(http.getForEntity("/v1/api-keys/" + keyId + "/networks", String.class).getStatusCode().value())
                .isEqualTo(401);
        String[][] cases = {
                {"/permission-usage?days=0", "days"}, {"/permission-usage?days=31", "days"},
                {"/permission-usage?days=x", "days"}, {"/networks?days=-1", "days"},
                {"/networks?limit=0", "limit"}, {"/networks?limit=1001", "limit"}, {"/networks?limit=1.5", "limit"},
        };
        for (String[] c : cases) {
            ResponseEntity<String> answer = get("/v1/api-keys/" + keyId + c[0]);
            assertThat(answer.getStatusCode().value()).as(c[0] + ": " + answer.getBody()).isEqualTo(400);
            assertThat(answer.getHeaders().getContentType().toString()).contains("problem+json");
            assertThat(answer.getBody()).as(c[0]).contains(c[1]).doesNotContain("java.").doesNotContain("Exception");
        }
    }

    /** The dashboard's bounded inputs: 400 problem details naming the parameter, never a 500. */
    @Test
    void theOverviewsInputsAreBounded() throws Exception {
        ensureAdmin();
        String[][] cases = {
                {"/v1/organizations/" + ORG + "/top-keys?limit=0", "limit"},
                {"/v1/organizations/" + ORG + "/top-keys?limit=51", "limit"},
                {"/v1/organizations/" + ORG + "/top-keys?limit=x", "limit"},
                {"/v1/organizations/" + ORG + "/usage?interval=week", "interval"},
                {"/v1/organizations/" + ORG + "/usage?interval=minute&from=2000-01-01T00:00:00Z", "buckets"},
                {"/v1/organizations/" + ORG + "/usage?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from"},
                {"/v1/api-keys?expires_before=yesterday", "expires_before"},
        };
        for (String[] c : cases) {
            ResponseEntity<String> answer = get(c[0]);
            assertThat(answer.getStatusCode().value()).as(c[0] + ": " + answer.getBody()).isEqualTo(400);
            assertThat(answer.getHeaders().getContentType().toString()).contains("problem+json");
            assertThat(answer.getBody()).as(c[0]).contains(c[1]).doesNotContain("java.").doesNotContain("Exception");
        }
        assertThat(get("/v1/organizations/" + ORG + "/usage").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void theAdminListsEveryProjectionWithItsProgress() throws Exception {
        ensureAdmin();
        JsonNode list = json.readTree(get("/v1/admin/projections").getBody()).at("/data");
        assertThat(list).extracting(p -> p.at("/name").asText())
                .containsExactly("keys-read-model", "organizations-read-model", "audit-index");
        assertThat(list.get(0).has("processed")).isTrue();
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
        // expires_before: only keys whose expiry falls before it (the overview's "expiring in 30 days")
        String soon = "key-" + UUID.randomUUID();
        String later = "key-" + UUID.randomUUID();
        for (String[] k : new String[][] {{soon, "P10D"}, {later, "P60D"}}) {
            append(k[0], 0, new ApiKeyCreatedEvent(k[0], ORG, "expiring " + k[1], null, new Owner(OwnerType.USER, owner),
                    Environment.LIVE, "5".repeat(64), "kl_live_AbCd", List.of(), RateLimit.NONE, Restrictions.NONE,
                    Instant.now().plus(Duration.parse(k[1])), false), base);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                json.readTree(get("/v1/api-keys?owner_id=" + owner + "&limit=10").getBody()).at("/data")).hasSize(7));
        JsonNode expiring = json.readTree(get("/v1/api-keys?owner_id=" + owner + "&expires_before="
                + Instant.now().plus(Duration.ofDays(30))).getBody()).at("/data");
        assertThat(expiring).extracting(k -> k.at("/id").asText()).containsExactly(soon);
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

    static final String SCOPE_ORG = "scope-org";
    static final String READER_KEY = ApiKeyFormat.generate(Environment.LIVE, new Random(3));

    /**
     * The {@code organization_id} rule as data (API.md, "Authorization rules"): caller × endpoint ×
     * organization named → status. {@code KEY} in a path is a key of the organization named.
     */
    @Test
    void everyQueryAndAuditCallHonoursOrganizationIdFromAnAdminOnly() throws Exception {
        ensureAdmin();
        String readerId = "key-reader-" + UUID.randomUUID();
        String ownKey = "key-" + UUID.randomUUID();
        String scopeKey = "key-" + UUID.randomUUID();
        Instant at = Instant.now().minusSeconds(30);
        append(readerId, 0, created(readerId, ORG, ApiKeyFormat.sha256Hex(READER_KEY), List.of("keys:read", "audit:read")), at);
        append(ownKey, 0, created(ownKey, ORG, "6".repeat(64), List.of("tasks:read")), at);
        append(scopeKey, 0, created(scopeKey, SCOPE_ORG, "7".repeat(64), List.of("tasks:read")), at);
        eventStore.publish(new GenericDomainEventMessage<>("Organization", SCOPE_ORG, 0,
                new io.keyledger.api.organizations.OrganizationRegisteredEvent(SCOPE_ORG, "Scope", io.keyledger.api.organizations.Plan.PROFESSIONAL),
                MetaData.with("actor", ADMIN_ID)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get("/v1/api-keys/" + scopeKey + "?organization_id=" + SCOPE_ORG).getStatusCode().value()).isEqualTo(200);
            assertThat(get(READER_KEY, "/v1/api-keys/" + ownKey).getStatusCode().value()).isEqualTo(200);
            assertThat(json.readTree(get("/v1/organizations/" + SCOPE_ORG).getBody()).at("/name").asText()).isEqualTo("Scope");
        });

        String from = Instant.now().minusSeconds(3600).toString();
        List<String> endpoints = List.of(
                "/v1/api-keys?organization_id=ORG",
                "/v1/api-keys/KEY?organization_id=ORG",
                "/v1/api-keys/KEY/usage?organization_id=ORG",
                "/v1/api-keys/KEY/events?organization_id=ORG",
                "/v1/api-keys/KEY/state?at=" + Instant.now() + "&organization_id=ORG",
                "/v1/audit/export?from=" + from + "&organization_id=ORG",
                "/v1/anomalies?organization_id=ORG",
                "/v1/organizations/ORG/summary",
                "/v1/organizations/ORG/usage",
                "/v1/organizations/ORG/top-keys",
                "/v1/organizations/ORG");
        // caller, organization named, expected status on every endpoint
        String[][] table = {
                {"admin", ORG, "200"},
                {"admin", SCOPE_ORG, "200"},
                {"admin", "no-such-org", "404"},
                {"reader", ORG, "200"},
                {"reader", SCOPE_ORG, "404"},
                {"reader", "no-such-org", "404"},
        };
        List<String> wrong = new java.util.ArrayList<>();
        for (String[] row : table) {
            String key = row[1].equals(SCOPE_ORG) ? scopeKey : ownKey;
            for (String endpoint : endpoints) {
                String path = endpoint.replace("ORG", row[1]).replace("KEY", key);
                int status = get(row[0].equals("admin") ? ADMIN_KEY : READER_KEY, path).getStatusCode().value();
                if (status != Integer.parseInt(row[2])) {
                    wrong.add(row[0] + " " + path + " -> " + status + ", expected " + row[2]);
                }
            }
        }
        assertThat(wrong).isEmpty();

        // what an admin reads with organization_id is that organization's, and only with it
        JsonNode scoped = json.readTree(get("/v1/api-keys?organization_id=" + SCOPE_ORG).getBody()).at("/data");
        assertThat(scoped).extracting(k -> k.at("/organization_id").asText()).containsOnly(SCOPE_ORG);
        assertThat(scoped).extracting(k -> k.at("/id").asText()).contains(scopeKey);
        assertThat(get("/v1/api-keys/" + scopeKey).getStatusCode().value()).isEqualTo(404);
        String export = get("/v1/audit/export?from=" + from + "&organization_id=" + SCOPE_ORG).getBody();
        assertThat(export).contains(scopeKey).doesNotContain(ownKey);

        // the organization list: all for an admin, the caller's own for anyone else
        JsonNode all = json.readTree(get("/v1/organizations?limit=200").getBody()).at("/data");
        assertThat(all).extracting(o -> o.at("/id").asText()).contains(SCOPE_ORG);
        JsonNode own = json.readTree(get(READER_KEY, "/v1/organizations").getBody()).at("/data");
        assertThat(own).extracting(o -> o.at("/id").asText()).containsOnly(ORG);
        JsonNode organization = json.readTree(get("/v1/organizations/" + SCOPE_ORG).getBody());
        assertThat(organization.at("/plan").asText()).isEqualTo("professional");
        assertThat(organization.at("/policy/on_leak").asText()).isEqualTo("disable");
        assertThat(organization.has("created_at")).isTrue();
    }

    /** Instants outside 1970..9999 in any query parameter: 400 naming the parameter, no class name. */
    @Test
    void farInstantsInQueryParametersAreA400NamingTheParameter() throws Exception {
        ensureAdmin();
        String[][] cases = {
                {"/v1/organizations/" + ORG + "/summary?from=-1000000000-01-01T00:00:00Z", "from"},
                {"/v1/organizations/" + ORG + "/summary?to=%2B292278995-01-01T00:00:00Z", "to"},
                {"/v1/api-keys/" + ADMIN_ID + "/usage?to=%2B292278995-01-01T00:00:00Z", "to"},
                {"/v1/api-keys/" + ADMIN_ID + "/usage?from=1969-12-31T23:59:59Z", "from"},
                {"/v1/api-keys/" + ADMIN_ID + "/state?at=%2B1000000000-12-31T23:59:59.999999999Z", "at"},
                {"/v1/anomalies?since=%2B292278995-01-01T00:00:00Z", "since"},
                {"/v1/audit/export?from=-1000000000-01-01T00:00:00Z", "from"},
                {"/v1/organizations/" + ORG + "/usage?to=%2B292278995-01-01T00:00:00Z", "to"},
                {"/v1/organizations/" + ORG + "/usage?from=1969-12-31T23:59:59Z", "from"},
                {"/v1/api-keys?expires_before=%2B292278995-01-01T00:00:00Z", "expires_before"},
                {"/v1/audit/export?from=2026-01-01T00:00:00Z&to=%2B292278995-01-01T00:00:00Z", "to"},
        };
        for (String[] c : cases) {
            ResponseEntity<String> answer = http.exchange(java.net.URI.create(http.getRootUri() + c[0]), HttpMethod.GET,
                    new HttpEntity<>(bearer(ADMIN_KEY)), String.class);
            assertThat(answer.getStatusCode().value()).as(c[0]).isEqualTo(400);
            JsonNode problem = json.readTree(answer.getBody());
            boolean named = problem.at("/detail").asText().contains("'" + c[1] + "'");
            for (JsonNode error : problem.at("/errors")) {
                named |= error.at("/field").asText().equals(c[1]);
            }
            assertThat(named).as(c[0] + " names " + c[1] + ": " + answer.getBody()).isTrue();
            assertThat(answer.getBody()).as(c[0]).doesNotContain("java.").doesNotContain("Exception");
        }
    }

    /** The poison case of issue 12: a far expires_at is applied (clamped), and later events still land. */
    @Test
    void aKeyExpiringInYear292278995NeitherWedgesTheReadModelNorIsDropped() throws Exception {
        ensureAdmin();
        String far = "key-" + UUID.randomUUID();
        String later = "key-" + UUID.randomUUID();
        append(far, 0, new ApiKeyCreatedEvent(far, ORG, "far", null, new Owner(OwnerType.USER, "u"), Environment.LIVE,
                "8".repeat(64), "kl_live_AbCd", List.of(), RateLimit.NONE, Restrictions.NONE,
                Instant.parse("+292278995-01-01T00:00:00Z"), false), Instant.now());
        append(later, 0, created(later, ORG, "9".repeat(64), List.of()), Instant.now());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/v1/api-keys/" + later).getStatusCode().value()).isEqualTo(200));
        JsonNode key = json.readTree(get("/v1/api-keys/" + far).getBody());
        assertThat(key.at("/expires_at").asText()).isEqualTo("9999-12-31T23:59:59Z");
        assertThat(json.readTree(get("/v1/api-keys/" + far + "/state?at=" + Instant.now()).getBody())
                .at("/expires_at").asText()).isEqualTo("9999-12-31T23:59:59Z");
    }

    private ResponseEntity<String> get(String key, String path) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(bearer(key)), String.class);
    }

    private static HttpHeaders bearer(String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(key);
        return headers;
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
