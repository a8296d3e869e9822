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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one record per verification on the {@value AuthAttempt#TOPIC} topic (DESIGN.md §4).
 *
 * <p>{@link #publish} only offers the attempt to a bounded in-memory buffer and returns: a
 * verification never waits for Kafka and never fails because of it. One sender thread drains
 * the buffer into an idempotent producer. A record the broker does not take (the producer
 * gave up, or could not even fetch metadata) goes back into the buffer and is sent again when
 * the broker answers; only when the buffer is full is an attempt dropped. Every outcome is a
 * metric: {@code keyledger.attempts.published}, {@code keyledger.attempts.send.failures}
 * (each failed try, later retried), {@code keyledger.attempts.dropped} (lost for good:
 * buffer full) and the gauge {@code keyledger.attempts.pending} (buffered or in flight).
 */
public final class AttemptPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AttemptPublisher.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final BlockingQueue<AuthAttempt> buffer;
    private final ObjectMapper json = attemptMapper();
    private final AtomicLong inFlight = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private final Counter dropped;
    private final Duration retryBackoff;
    private final Thread sender;
    private volatile boolean running = true;
    private volatile boolean brokerHealthy = true;

    public AttemptPublisher(Producer<String, byte[]> producer, String topic, int capacity, Duration retryBackoff,
                            MeterRegistry meters) {
        this.producer = producer;
        this.topic = topic;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.retryBackoff = retryBackoff;
        this.published = Counter.builder("keyledger.attempts.published")
                .description("auth attempts acknowledged by Kafka").register(meters);
        this.failures = Counter.builder("keyledger.attempts.send.failures")
                .description("tries to publish an auth attempt that failed; the attempt is buffered and retried")
                .register(meters);
        this.dropped = Counter.builder("keyledger.attempts.dropped")
                .description("auth attempts lost because the retry buffer was full").register(meters);
        Gauge.builder("keyledger.attempts.pending", this, AttemptPublisher::pending)
                .description("auth attempts buffered or in flight, not yet acknowledged by Kafka").register(meters);
        this.sender = new Thread(this::run, "auth-attempt-sender");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** The mapper of the topic's records: snake_case fields, RFC 3339 timestamps. */
    public static ObjectMapper attemptMapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Queues the attempt for publishing; never blocks. */
    public void publish(AuthAttempt attempt) {
        if (!buffer.offer(attempt)) {
            dropped.increment();
        }
    }

    /** Attempts buffered or sent but not yet acknowledged. */
    public long pending() {
        return buffer.size() + inFlight.get();
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
        List<AuthAttempt> batch = new ArrayList<>(512);
        while (running) {
            try {
                if (!brokerHealthy) {
                    // the last send failed: wait before trying again instead of spinning on a dead broker
                    Thread.sleep(retryBackoff.toMillis());
                    brokerHealthy = true;
                }
                AuthAttempt first = buffer.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, 511);
                for (int i = 0; i < batch.size(); i++) {
                    if (!send(batch.get(i))) {
                        requeue(batch.subList(i, batch.size()));
                        break;
                    }
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("auth-attempt sender: {}", e.toString());
                requeue(batch);
                batch.clear();
                brokerHealthy = false;
            }
        }
    }

    private boolean send(AuthAttempt attempt) {
        byte[] value;
        try {
            value = json.writeValueAsBytes(attempt);
        } catch (JsonProcessingException e) {
            log.error("auth attempt not serializable, dropped: {}", e.getOriginalMessage());
            dropped.increment();
            return true;
        }
        String key = attempt.keyId() != null ? attempt.keyId() : attempt.prefix();
        inFlight.incrementAndGet();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                inFlight.decrementAndGet();
                if (error == null) {
                    published.increment();
                } else {
                    failures.increment();
                    brokerHealthy = false;
                    if (!buffer.offer(attempt)) {
                        dropped.increment();
                    }
                }
            });
            return true;
        } catch (RuntimeException e) {
            // metadata could not be fetched within max.block.ms, or the producer's own memory is full
            inFlight.decrementAndGet();
            failures.increment();
            brokerHealthy = false;
            log.debug("auth attempt not sent: {}", e.toString());
            return false;
        }
    }

    private void requeue(List<AuthAttempt> attempts) {
        for (AuthAttempt attempt : attempts) {
            if (!buffer.offer(attempt)) {
                dropped.increment();
            }
        }
    }

    /** Stops the sender, hands what is still buffered to the producer and lets it flush for a few seconds. */
    @Override
    public void close() {
        running = false;
        sender.interrupt();
        try {
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<AuthAttempt> rest = new ArrayList<>();
        buffer.drainTo(rest);
        rest.forEach(this::send);
        producer.close(Duration.ofSeconds(3));
    }

    /** Producer settings the publisher relies on, layered over the application's Kafka settings. */
    public static Map<String, Object> producerOverrides() {
        return Map.of(
                "enable.idempotence", true,
                "acks", "all",
                "linger.ms", 5,
                "compression.type", "lz4",
                // the sender thread, not a verification, would wait; keep it short so it can back off
                "max.block.ms", 2_000,
                "delivery.timeout.ms", 30_000,
                "request.timeout.ms", 10_000,
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
    }
}
