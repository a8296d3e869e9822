package io.keyledger.validator.attempts;

import io.keyledger.api.attempts.AuthAttempt;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
class AttemptsConfiguration {

    /**
     * The journal lives in this instance's data directory: two validators must not share one
     * (each has its own instance id, hence its own Kafka transactions).
     */
    @Bean
    AttemptJournal attemptJournal(@Value("${keyledger.data-dir:./data}") Path dataDir,
                                  @Value("${keyledger.validator.attempts.journal.segment-size:64MB}") DataSize segment,
                                  @Value("${keyledger.validator.attempts.journal.max-segments:8}") int maxSegments) {
        return new AttemptJournal(dataDir.resolve("validator-attempts"), (int) segment.toBytes(), maxSegments);
    }

    /**
     * Producer and admin client are built from {@code spring.kafka.*} (bootstrap servers,
     * security), with the publisher's own delivery settings on top. Nothing here contacts the
     * broker: the sender thread does, so a validator starts and verifies while Kafka is down.
     */
    @Bean(destroyMethod = "close")
    AttemptPublisher attemptPublisher(KafkaProperties kafka, MeterRegistry meters, AttemptJournal journal,
                                      @Value("${keyledger.validator.attempts.retry-backoff:1s}") Duration backoff) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties(null));
        config.putAll(AttemptPublisher.producerOverrides(AttemptPublisher.transactionalId(journal)));
        config.put("client.id", "validator-auth-attempts");
        Admin admin = Admin.create(kafka.buildAdminProperties(null));
        return new AttemptPublisher(() -> new KafkaProducer<>(config), admin, AuthAttempt.TOPIC, journal, backoff, meters);
    }
}
