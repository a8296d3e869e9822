package io.keyledger.query.attempts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.query.anomalies.AnomalyRules;
import io.keyledger.query.anomalies.AnomalyTopology;
import io.keyledger.query.usage.UsageAggregate;
import io.keyledger.query.usage.UsageTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.unit.DataSize;

/**
 * Exactly-once across a restart on a real broker: the topology is stopped half-way through the
 * attempts, its local state is deleted (so it must come back from the changelogs), and it is
 * started again. Every key's and the organization's day totals must then equal what was sent —
 * no attempt lost, none counted twice, the organization's hand-overs included.
 */
class AttemptStreamsRestartTest {

    static final int KEYS = 20;
    static final int ATTEMPTS = 4_000;
    static final Duration COMMIT = Duration.ofMillis(200);

    static EmbeddedKafkaKraftBroker kafka;

    @BeforeAll
    static void broker() throws Exception {
        kafka = new EmbeddedKafkaKraftBroker(1, 2);
        kafka.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "offsets.topic.replication.factor", "1"));
        kafka.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(AuthAttempt.TOPIC, 2, (short) 1),
                    new NewTopic(UsageTopology.OUTPUT_TOPIC, 2, (short) 1),
                    new NewTopic(AnomalyTopology.OUTPUT_TOPIC, 2, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        kafka.destroy();
    }

    @Test
    void aRestartFromTheChangelogsNeitherLosesNorDoubleCounts() throws Exception {
        long day = Instant.now().toEpochMilli() / 86_400_000L * 86_400_000L;
        Instant at = Instant.ofEpochMilli(day + 3_600_000L);
        Map<String, Long> sent = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.getBrokersAsString()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < ATTEMPTS; i++) {
                String keyId = "key-" + i % KEYS;
                AuthAttempt attempt = new AuthAttempt(UUID.randomUUID().toString(), keyId, "kl_live_" + keyId, "org-1",
                        i % 7 == 0 ? VerificationCode.FORBIDDEN : VerificationCode.VALID, "tasks:read", "10.0.0.1",
                        "test", at.plusMillis(i), 1);
                producer.send(new ProducerRecord<>(AuthAttempt.TOPIC, keyId, JsonSerde.MAPPER.writeValueAsString(attempt)));
                sent.merge(keyId, 1L, Long::sum);
            }
        }

        Path state = Files.createTempDirectory("restart-test");
        Map<String, Long> totals = new HashMap<>();
        try (KafkaConsumer<String, String> usage = usageConsumer()) {
            try (KafkaStreams first = streams(state)) {
                first.start();
                // stop once part of the counting is published, not all: the organization counts
                // follow the key counts through the repartition topic, at least a commit later (a
                // whole batch of compact repartition records can move its total from 0 to all at once)
                await().atMost(Duration.ofMinutes(2)).until(() -> {
                    read(usage, totals);
                    boolean keysCounted = totals.keySet().stream().anyMatch(id -> id.startsWith("key|"));
                    return keysCounted && totals.getOrDefault("organization|org-1|day|" + day, 0L) < ATTEMPTS;
                });
            }
            FileSystemUtils.deleteRecursively(state);

            try (KafkaStreams second = streams(state)) {
                second.start();
                await().atMost(Duration.ofMinutes(2)).until(() -> {
                    read(usage, totals);
                    return totals.getOrDefault("organization|org-1|day|" + day, 0L) >= ATTEMPTS;
                });
                // a little longer: a double count would show as a total above what was sent
                Thread.sleep(3 * COMMIT.toMillis());
                read(usage, totals);
            }
        }
        assertThat(totals.get("organization|org-1|day|" + day)).isEqualTo(ATTEMPTS);
        sent.forEach((keyId, n) -> assertThat(totals.get("key|" + keyId + "|day|" + day)).as(keyId).isEqualTo(n));
    }

    private static KafkaStreams streams(Path state) {
        Properties config = AttemptStreams.config(new StreamsProperties("restart-test", StreamsConfig.EXACTLY_ONCE_V2,
                state.toString(), 1, 2, COMMIT, DataSize.ofMegabytes(8), 1), kafka.getBrokersAsString());
        return new KafkaStreams(AttemptTopology.build(AnomalyRules.defaults()), config);
    }

    private static KafkaConsumer<String, String> usageConsumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "restart-test-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(UsageTopology.OUTPUT_TOPIC));
        return consumer;
    }

    /** The highest committed total of each window, as the Mongo sink keeps it. */
    private static void read(KafkaConsumer<String, String> usage, Map<String, Long> totals) {
        usage.poll(Duration.ofMillis(200)).forEach(record -> {
            UsageAggregate aggregate = new JsonSerde<>(UsageAggregate.class).deserialize(record.topic(), record.value().getBytes());
            totals.merge(aggregate.id(), aggregate.requests(), Math::max);
        });
    }
}
