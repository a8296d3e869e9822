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
    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @Test
    void keyEventsAndAttemptsShowInTheApiWithinTheCallersOrganization() throws Exception {
        append(created(ADMIN_ID, ORG, ApiKeyFormat.sha256Hex(ADMIN_KEY), List.of("admin:*")), 0);
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

    static ApiKeyCreatedEvent created(String keyId, String org, String hash, List<String> permissions) {
        return new ApiKeyCreatedEvent(keyId, org, "key " + keyId, null, new Owner(OwnerType.APPLICATION, "app-1"),
                Environment.LIVE, hash, "kl_live_AbCd", permissions, RateLimit.NONE, Restrictions.NONE, null, false);
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new StringSerializer(), new StringSerializer());
    }
}
