package io.keyledger.command.lastuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.command.keys.RenewalFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service wired to a real KRaft broker: attempts published to {@code auth-attempts}
 * (in any order, with garbage between) end as each key's newest use in {@code key_last_use},
 * which is what a renewal reads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "keyledger.last-use.enabled=true",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.datasource.url=jdbc:h2:mem:last-use-test;DB_CLOSE_DELAY=-1"})
@ActiveProfiles("test")
@EmbeddedKafka(kraft = true, partitions = 2, topics = AuthAttempt.TOPIC)
class LastUseIntegrationTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("last-use-test").toString();
        registry.add("keyledger.data-dir", () -> dir);
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    RenewalFacts facts;

    private static byte[] attempt(String keyId, String at) {
        return ("{\"attempt_id\":\"a\",\"key_id\":\"" + keyId + "\",\"prefix\":\"kl_live_AbCd\",\"organization_id\":\"default\","
                + "\"code\":\"VALID\",\"permission\":null,\"ip\":\"127.0.0.1\",\"user_agent\":null,\"timestamp\":\"" + at
                + "\",\"latency_micros\":3}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theNewestAttemptPerKeyIsItsLastUseWhateverTheOrder() {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", broker.getBrokersAsString(),
                "key.serializer", ByteArraySerializer.class, "value.serializer", ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(AuthAttempt.TOPIC, attempt("key_used", "2026-12-01T10:00:00Z")));
            producer.send(new ProducerRecord<>(AuthAttempt.TOPIC, "not json at all".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(AuthAttempt.TOPIC, attempt("key_used", "2026-12-05T10:00:00Z")));
            producer.send(new ProducerRecord<>(AuthAttempt.TOPIC, attempt("key_used", "2026-12-03T10:00:00Z")));
            producer.send(new ProducerRecord<>(AuthAttempt.TOPIC, attempt("key_other", "2026-11-01T00:00:00Z")));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(facts.lastUsed("key_used")).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
            assertThat(facts.lastUsed("key_other")).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        });
        assertThat(facts.lastUsed("key_never")).isNull();
    }
}
