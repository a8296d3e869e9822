package io.keyledger.validator.attempts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The publisher against a real KRaft broker, including one that is not there yet. */
class AttemptPublisherTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void everyAttemptBecomesOneSnakeCaseRecordKeyedByKeyIdOrPrefix() throws Exception {
        EmbeddedKafkaKraftBroker broker = broker(0);
        AttemptPublisher publisher = publisher(broker.getBrokersAsString(), new AttemptJournal(dir, 4096, 4));

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
    void whileTheBrokerIsDownAttemptsAreJournaledUpToTheBoundCountedAndSentWhenItComesUp() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // two segments of 1 KiB: room for a few attempts only
        AttemptPublisher publisher = publisher("localhost:" + port, new AttemptJournal(dir, 1024, 2));
        int sent = 0;
        while (publisher.droppedCount() == 0) {
            publisher.publish(attempt("key-" + sent++, "p", VerificationCode.VALID));
        }
        int journaled = sent - 1;
        assertThat(journaled).isGreaterThan(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> publisher.failureCount() >= 1);
        assertThat(publisher.pending()).isEqualTo(journaled);
        assertThat(publisher.publishedCount()).isZero();

        EmbeddedKafkaKraftBroker broker = broker(port);
        List<ConsumerRecord<String, String>> records = consume(broker, journaled);
        assertThat(records).extracting(ConsumerRecord::key).doesNotHaveDuplicates().doesNotContain("key-" + journaled);
        await().atMost(Duration.ofSeconds(20)).until(() -> publisher.publishedCount() == journaled);
        assertThat(publisher.pending()).isZero();
    }

    @Test
    void aValidatorRestartedOnItsJournalSendsWhatTheFormerOneDidNotAndNothingTwice() throws Exception {
        EmbeddedKafkaKraftBroker broker = broker(0);
        AttemptJournal journal = new AttemptJournal(dir, 4096, 4);
        AttemptPublisher first = publisher(broker.getBrokersAsString(), journal);
        for (int i = 0; i < 5; i++) {
            first.publish(attempt("sent-" + i, "p", VerificationCode.VALID));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> first.publishedCount() == 5);
        first.close();
        // what a kill between Kafka's commit and the local ack leaves: the journal thinks nothing was sent
        try (java.nio.channels.FileChannel ack = java.nio.channels.FileChannel.open(dir.resolve("ack"),
                java.nio.file.StandardOpenOption.WRITE)) {
            ack.write(java.nio.ByteBuffer.allocate(Long.BYTES), 0);
        }
        // and attempts journaled that the former process never sent
        AttemptJournal reopened = new AttemptJournal(dir, 4096, 4);
        reopened.append("unsent".getBytes(), json.writeValueAsBytes(Map.of("key_id", "unsent")));
        assertThat(reopened.pending()).isEqualTo(6);

        AttemptPublisher second = publisher(broker.getBrokersAsString(), reopened);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.pending() == 0);
        assertThat(consume(broker, 6)).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("sent-0", "sent-1", "sent-2", "sent-3", "sent-4", "unsent");
        assertThat(second.publishedCount()).isEqualTo(1);
    }

    private EmbeddedKafkaKraftBroker broker(int port) {
        // a broker coming up under a waiting producer: the producer's own metadata request creates
        // the topic (auto-creation), so the broker must not race it with a creation of its own
        EmbeddedKafkaKraftBroker broker = port > 0
                ? new EmbeddedKafkaKraftBroker(1, 1)
                : new EmbeddedKafkaKraftBroker(1, 1, AuthAttempt.TOPIC);
        // one broker: the transaction log cannot ask for three replicas
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        if (port > 0) {
            // the test kit behind the KRaft broker names its listeners EXTERNAL and CONTROLLER
            broker.brokerProperty("listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0");
        }
        broker.afterPropertiesSet();
        toClose.add(broker::destroy);
        return broker;
    }

    private AttemptPublisher publisher(String bootstrap, AttemptJournal journal) {
        Map<String, Object> config = new HashMap<>(AttemptPublisher.producerOverrides(AttemptPublisher.transactionalId(journal)));
        config.put("bootstrap.servers", bootstrap);
        config.put("max.block.ms", 1_000);
        config.put("reconnect.backoff.max.ms", 200);
        Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 2_000,
                "default.api.timeout.ms", 5_000));
        AttemptPublisher publisher = new AttemptPublisher(() -> new KafkaProducer<>(config), admin, AuthAttempt.TOPIC,
                journal, Duration.ofMillis(200), new SimpleMeterRegistry());
        toClose.add(publisher);
        return publisher;
    }

    private static AuthAttempt attempt(String keyId, String prefix, VerificationCode code) {
        return new AuthAttempt(UUID.randomUUID().toString(), keyId, prefix, keyId == null ? null : "org", code,
                "tasks:read", "10.0.0.1", "curl/8", Instant.parse("2026-03-01T10:00:00Z"), 3);
    }

    private static List<ConsumerRecord<String, String>> consume(EmbeddedKafkaKraftBroker broker, int count) {
        Map<String, Object> props = Map.of("bootstrap.servers", broker.getBrokersAsString(),
                "group.id", "t-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "isolation.level", "read_committed");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(AuthAttempt.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // a second from now: nothing written twice arrives late
            long settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertThat(out).hasSize(count);
        return out;
    }
}
