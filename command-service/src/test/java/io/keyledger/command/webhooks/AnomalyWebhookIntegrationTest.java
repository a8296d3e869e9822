package io.keyledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.keyledger.api.attempts.Anomalies;
import io.keyledger.command.Http;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The anomaly feed wired to a real KRaft broker: records on {@code keyledger.anomalies} become
 * signed {@code anomaly.detected} deliveries to the endpoints of the anomaly's organization that
 * subscribe to it — once per finding, however often it is republished, and never for garbage,
 * another organization or an endpoint that does not want the type.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "keyledger.webhooks.anomaly-feed.enabled=true",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.datasource.url=jdbc:h2:mem:anomaly-webhook-test;DB_CLOSE_DELAY=-1"})
@ActiveProfiles("test")
@EmbeddedKafka(kraft = true, partitions = 1, topics = Anomalies.TOPIC)
class AnomalyWebhookIntegrationTest {

    /** Its own data directory: the bootstrap key file of {@code CommandServiceTest}'s context stays its own. */
    private static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        dataDir = Files.createTempDirectory("anomaly-webhook-test");
        registry.add("keyledger.data-dir", dataDir::toString);
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @LocalServerPort
    int port;

    private HttpServer receiver;
    private final List<String> wanted = new CopyOnWriteArrayList<>();
    private final List<String> other = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/wanted", exchange -> {
            wanted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/other", exchange -> {
            other.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private static byte[] anomaly(String id, String organizationId, int failures) {
        return ("{\"id\":\"" + id + "\",\"type\":\"brute_force\",\"key_id\":null,\"organization_id\":"
                + (organizationId == null ? "null" : "\"" + organizationId + "\"")
                + ",\"subject\":\"203.0.113.9\",\"detected_at\":\"" + Instant.now() + "\",\"window_start\":\""
                + Instant.now().minusSeconds(60) + "\",\"window_end\":\"" + Instant.now() + "\",\"evidence\":{\"failures\":"
                + failures + "}}").getBytes(StandardCharsets.UTF_8);
    }

    private String registerOrganization(Http admin, String name) {
        Http.Answer registered = admin.post("/v1/organizations", "{\"name\":\"" + name + "\",\"plan\":\"free\"}");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return registered.json().get("id").asText();
    }

    @Test
    void aFindingIsDeliveredOnceToTheSubscribersOfItsOrganization() throws Exception {
        Http admin = new Http(port, Files.readString(dataDir.resolve("bootstrap-admin.key")).trim());
        String org = registerOrganization(admin, "anomaly-a");
        String elsewhere = registerOrganization(admin, "anomaly-b");
        Http.Answer key = admin.post("/v1/api-keys", "{\"name\":\"hooks\",\"organization_id\":\"" + org
                + "\",\"permissions\":[\"webhooks:write\",\"webhooks:read\"]}");
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        Http client = new Http(port, key.json().get("key").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/v1/webhooks").status() != 401);
        Http.Answer subscribed = client.post("/v1/webhooks",
                "{\"url\":\"" + url("/wanted") + "\",\"events\":[\"anomaly.detected\"]}");
        assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(201);
        Http.Answer notSubscribed = client.post("/v1/webhooks",
                "{\"url\":\"" + url("/other") + "\",\"events\":[\"key.revoked\"]}");
        assertThat(notSubscribed.status()).as(notSubscribed.toString()).isEqualTo(201);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", broker.getBrokersAsString(),
                "key.serializer", ByteArraySerializer.class, "value.serializer", ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(Anomalies.TOPIC, "garbage".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(Anomalies.TOPIC, anomaly("brute_force|203.0.113.9|1", org, 21)));
            producer.send(new ProducerRecord<>(Anomalies.TOPIC, anomaly("brute_force|203.0.113.9|1", org, 40)));
            producer.send(new ProducerRecord<>(Anomalies.TOPIC, anomaly("brute_force|198.51.100.7|1", elsewhere, 30)));
            producer.send(new ProducerRecord<>(Anomalies.TOPIC, anomaly("brute_force|192.0.2.1|1", null, 30)));
            // the last record: once it is delivered, every earlier one has been planned or skipped
            producer.send(new ProducerRecord<>(Anomalies.TOPIC, anomaly("brute_force|203.0.113.10|2", org, 22)));
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> wanted.stream().anyMatch(b -> b.contains("203.0.113.10")));
        String webhookId = subscribed.json().get("id").asText();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(client.get("/v1/webhooks/" + webhookId + "/deliveries").json().get("data")).hasSize(2));
        assertThat(wanted).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(wanted.stream().filter(b -> b.contains("|1\"")).findFirst().orElseThrow());
        assertThat(first.get("type").asText()).isEqualTo("anomaly.detected");
        assertThat(first.get("organization_id").asText()).isEqualTo(org);
        assertThat(first.get("data").get("id").asText()).isEqualTo("brute_force|203.0.113.9|1");
        assertThat(first.get("data").get("evidence").get("failures").asInt()).as("the first publication").isEqualTo(21);
        assertThat(first.get("data").get("actor").asText()).isEqualTo("system");
        assertThat(other).as("an endpoint that does not want the type").isEmpty();
    }
}
