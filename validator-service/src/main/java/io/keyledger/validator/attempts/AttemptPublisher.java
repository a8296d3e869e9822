package io.keyledger.validator.attempts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.keyledger.api.attempts.AuthAttempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one record per verification on the {@value AuthAttempt#TOPIC} topic (DESIGN.md §4),
 * exactly once, across a {@code kill -9} of the validator or of the broker.
 *
 * <p>{@link #publish} appends the attempt to the {@link AttemptJournal} (a copy into mapped
 * memory) and returns: a verification never waits for Kafka and never fails because of it.
 * One sender thread moves the journal into Kafka in transactions: each transaction carries a
 * batch of records and, as the "offset" of a consumer group of its own, the journal position
 * after the batch; after the commit the position is acknowledged in the journal too. A
 * producer that fails is replaced: the new one's {@code initTransactions} fences the old one
 * and aborts what it left open, and the sender resumes from the position Kafka committed, so
 * a batch is neither lost nor written twice (consumers read with {@code read_committed}, as
 * query-service does). Only a full journal drops attempts. Every outcome is a metric:
 * {@code keyledger.attempts.published}, {@code keyledger.attempts.send.failures} (each failed
 * try, later retried), {@code keyledger.attempts.dropped} (lost for good: journal full) and
 * the gauge {@code keyledger.attempts.pending} (journaled, not yet committed to Kafka).
 */
public final class AttemptPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AttemptPublisher.class);
    private static final int MAX_BATCH = 5_000;

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Admin admin;
    private final String topic;
    private final AttemptJournal journal;
    private final ConsumerGroupMetadata positionGroup;
    private final TopicPartition positionPartition;
    private final ObjectMapper json = attemptMapper();
    private final Counter published;
    private final Counter failures;
    private final Counter dropped;
    private final Duration retryBackoff;
    private final Thread sender;
    private volatile boolean running = true;
    private Producer<byte[], byte[]> producer;

    /**
     * @param producers makes a transactional producer whose {@code transactional.id} is
     *                  {@link #transactionalId(AttemptJournal)}; called again after a failure
     * @param admin     reads back the journal position Kafka committed
     */
    public AttemptPublisher(Supplier<Producer<byte[], byte[]>> producers, Admin admin, String topic,
                            AttemptJournal journal, Duration retryBackoff, MeterRegistry meters) {
        this.producers = producers;
        this.admin = admin;
        this.topic = topic;
        this.journal = journal;
        this.positionGroup = new ConsumerGroupMetadata(transactionalId(journal));
        // the group's "offset" on partition 0 of the topic is the journal position; nobody consumes with it
        this.positionPartition = new TopicPartition(topic, 0);
        this.retryBackoff = retryBackoff;
        this.published = Counter.builder("keyledger.attempts.published")
                .description("auth attempts committed to Kafka").register(meters);
        this.failures = Counter.builder("keyledger.attempts.send.failures")
                .description("tries to publish auth attempts that failed; the attempts stay journaled and are retried")
                .register(meters);
        this.dropped = Counter.builder("keyledger.attempts.dropped")
                .description("auth attempts lost because the journal was full").register(meters);
        Gauge.builder("keyledger.attempts.pending", journal, AttemptJournal::pending)
                .description("auth attempts journaled, not yet committed to Kafka").register(meters);
        this.sender = new Thread(this::run, "auth-attempt-sender");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** The transactional id (and position group) of the validator that owns {@code journal}. */
    public static String transactionalId(AttemptJournal journal) {
        return "keyledger-validator-" + journal.instanceId();
    }

    /** The mapper of the topic's records: snake_case fields, RFC 3339 timestamps. */
    public static ObjectMapper attemptMapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Journals the attempt for publishing; never blocks on Kafka. */
    public void publish(AuthAttempt attempt) {
        byte[] value;
        try {
            value = json.writeValueAsBytes(attempt);
        } catch (JsonProcessingException e) {
            log.error("auth attempt not serializable, dropped: {}", e.getOriginalMessage());
            dropped.increment();
            return;
        }
        String key = attempt.keyId() != null ? attempt.keyId() : attempt.prefix();
        if (!journal.append(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value)) {
            dropped.increment();
        }
    }

    /** Attempts journaled but not yet committed to Kafka. */
    public long pending() {
        return journal.pending();
    }

    public double droppedCount() {
        return dropped.count();
    }

    public double publishedCount() {
        return published.count();
    }

    public double failureCount() {
        return failures.count();
    }

    private void run() {
        while (running) {
            try {
                if (producer == null) {
                    start();
                }
                AttemptJournal.Batch batch = journal.poll(MAX_BATCH);
                if (batch.isEmpty()) {
                    // publish() does not signal, to keep the hot path free of waiting; a short park costs nothing idle
                    LockSupport.parkNanos(2_000_000);
                    continue;
                }
                producer.beginTransaction();
                for (AttemptJournal.Entry entry : batch.entries()) {
                    producer.send(new ProducerRecord<>(topic, entry.key(), entry.value()));
                }
                producer.sendOffsetsToTransaction(Map.of(positionPartition, new OffsetAndMetadata(batch.end())), positionGroup);
                commit();
                journal.ack(batch.end(), batch.entries().size());
                published.increment(batch.entries().size());
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                failures.increment();
                log.warn("auth-attempt sender: {}; retrying in {}", e.toString(), retryBackoff);
                discardProducer();
                LockSupport.parkNanos(retryBackoff.toNanos());
            }
        }
    }

    /**
     * A new producer: {@code initTransactions} fences any former one (of this or a killed
     * process) and completes or aborts its open transaction; then the journal resumes from the
     * position Kafka committed, which may be ahead of the local acknowledgement.
     */
    private void start() {
        producer = producers.get();
        producer.initTransactions();
        try {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(positionGroup.groupId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(positionPartition);
            journal.ackCommitted(committed == null ? 0 : committed.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.KafkaException("cannot read the committed journal position", e);
        }
    }

    /** A commit that timed out may still complete: it is retried, never replaced by a new batch. */
    private void commit() {
        while (true) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (!running) {
                    throw e;
                }
                failures.increment();
                LockSupport.parkNanos(retryBackoff.toNanos());
            }
        }
    }

    private void discardProducer() {
        journal.rewind();
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // it failed already; the next producer fences whatever it left
            }
            producer = null;
        }
    }

    /** Stops the sender; what is still journaled is sent by the next start on the same data directory. */
    @Override
    public void close() {
        running = false;
        sender.interrupt();
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(3));
        }
        admin.close(Duration.ofSeconds(1));
        journal.close();
    }

    /** Producer settings the publisher relies on, layered over the application's Kafka settings. */
    public static Map<String, Object> producerOverrides(String transactionalId) {
        return Map.of(
                "transactional.id", transactionalId,
                "enable.idempotence", true,
                "acks", "all",
                "linger.ms", 5,
                "compression.type", "lz4",
                // only the sender thread waits; keep it short so that it can back off
                "max.block.ms", 5_000,
                "delivery.timeout.ms", 30_000,
                "request.timeout.ms", 10_000,
                "key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
    }
}
