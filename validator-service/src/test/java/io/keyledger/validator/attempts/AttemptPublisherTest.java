package io.keyledger.validator.attempts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The publisher against a real KRaft broker, including one that is not there yet. */
class AttemptPublisherTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void everyAttemptBecomesOneSnakeCaseRecordKeyedByKeyIdOrPrefix() throws Exception {
        EmbeddedKafkaKraftBroker broker = broker(0);
        AttemptPublisher publisher = publisher(broker.getBrokersAsString(), 100);

        publisher.publish(attempt("key-1", "kl_live_AbCd", VerificationCode.VALID));
        publisher.publish(attempt(null, "kl_live_ZzZz", VerificationCode.NOT_FOUND));
        publisher.publish(attempt(null, null, VerificationCode.MALFORMED));

        List<ConsumerRecord<String, String>> records = consume(broker, 3);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("key-1", "kl_live_ZzZz", null);
        JsonNode valid = json.readTree(records.stream().filter(r -> "key-1".equals(r.key())).findFirst().orElseThrow().value());
        assertThat(valid.get("key_id").asText()).isEqualTo("key-1");
        assertThat(valid.get("organization_id").asText()).isEqualTo("org");
        assertThat(valid.get("code").asText()).isEqualTo("VALID");
        assertThat(valid.get("timestamp").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(valid.get("latency_micros").asLong()).isEqualTo(3);
        assertThat(valid.get("user_agent").asText()).isEqualTo("curl/8");
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.publishedCount() == 3);
        assertThat(publisher.pending()).isZero();
        assertThat(publisher.droppedCount()).isZero();
    }

    @Test
    void whileTheBrokerIsDownAttemptsAreBufferedUpToTheBoundCountedAndSentWhenItComesUp() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        AttemptPublisher publisher = publisher("localhost:" + port, 5);
        for (int i = 0; i < 8; i++) {
            publisher.publish(attempt("key-" + i, "p", VerificationCode.VALID));
        }
        // the calls returned with the broker unreachable: five attempts wait in the buffer
        // (the sender keeps its current one there until the producer takes it), three are lost and counted
        assertThat(publisher.droppedCount()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.failureCount() >= 1);
        assertThat(publisher.pending()).isEqualTo(5);
        assertThat(publisher.publishedCount()).isZero();

        EmbeddedKafkaKraftBroker broker = broker(port);
        List<ConsumerRecord<String, String>> records = consume(broker, 5);
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("key-0", "key-1", "key-2", "key-3", "key-4");
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.publishedCount() == 5);
        assertThat(publisher.pending()).isZero();
    }

    private EmbeddedKafkaKraftBroker broker(int port) {
        // a broker coming up under a waiting producer: the producer's own metadata request creates
        // the topic (auto-creation), so the broker must not race it with a creation of its own
        EmbeddedKafkaKraftBroker broker = port > 0
                ? new EmbeddedKafkaKraftBroker(1, 1)
                : new EmbeddedKafkaKraftBroker(1, 1, AuthAttempt.TOPIC);
        if (port > 0) {
            // the test kit behind the KRaft broker names its listeners EXTERNAL and CONTROLLER
            broker.brokerProperty("listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0");
        }
        broker.afterPropertiesSet();
        toClose.add(broker::destroy);
        return broker;
    }

    private AttemptPublisher publisher(String bootstrap, int capacity) {
        Map<String, Object> config = new HashMap<>(AttemptPublisher.producerOverrides());
        config.put("bootstrap.servers", bootstrap);
        config.put("max.block.ms", 500);
        config.put("reconnect.backoff.max.ms", 200);
        AttemptPublisher publisher = new AttemptPublisher(new KafkaProducer<>(config), AuthAttempt.TOPIC, capacity,
                Duration.ofMillis(200), new SimpleMeterRegistry());
        toClose.add(publisher);
        return publisher;
    }

    private static AuthAttempt attempt(String keyId, String prefix, VerificationCode code) {
        return new AuthAttempt(UUID.randomUUID().toString(), keyId, prefix, keyId == null ? null : "org", code,
                "tasks:read", "10.0.0.1", "curl/8", Instant.parse("2026-03-01T10:00:00Z"), 3);
    }

    private static List<ConsumerRecord<String, String>> consume(EmbeddedKafkaKraftBroker broker, int count) {
        Map<String, Object> props = Map.of("bootstrap.servers", broker.getBrokersAsString(),
                "group.id", "t-" + UUID.randomUUID(), "auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(AuthAttempt.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertThat(out).hasSize(count);
        return out;
    }
}
