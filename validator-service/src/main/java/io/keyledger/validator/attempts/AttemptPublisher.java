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
import java.util.concurrent.locks.LockSupport;
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
    /** Set by a producer callback run synchronously inside {@code send} on the sender thread. */
    private boolean failedWhileHandingOver;

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
        while (running) {
            try {
                if (!brokerHealthy) {
                    // the last try failed: wait before the next one instead of spinning on a dead broker
                    Thread.sleep(retryBackoff.toMillis());
                    brokerHealthy = true;
                }
                // the attempt stays in the buffer until the producer has taken it, so that the
                // buffer's bound and the pending gauge cover everything not yet handed over
                AuthAttempt next = buffer.peek();
                if (next == null) {
                    // publish() does not signal, to keep the hot path free of locks; a short park costs nothing idle
                    LockSupport.parkNanos(2_000_000);
                    continue;
                }
                if (send(next)) {
                    buffer.poll();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("auth-attempt sender: {}", e.toString());
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
        failedWhileHandingOver = false;
        try {
            inFlight.incrementAndGet();
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                inFlight.decrementAndGet();
                if (error == null) {
                    published.increment();
                    return;
                }
                failures.increment();
                brokerHealthy = false;
                if (Thread.currentThread() == sender) {
                    // the producer failed inside send() (no metadata within max.block.ms): the
                    // attempt is still at the head of the buffer, the sender keeps it there
                    failedWhileHandingOver = true;
                } else if (!buffer.offer(attempt)) {
                    dropped.increment();
                }
            });
            return !failedWhileHandingOver;
        } catch (RuntimeException e) {
            // the producer's own memory is full, or it is closed
            inFlight.decrementAndGet();
            failures.increment();
            brokerHealthy = false;
            log.debug("auth attempt not sent: {}", e.toString());
            return false;
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
        if (brokerHealthy) {
            rest.forEach(this::send);
        }
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
