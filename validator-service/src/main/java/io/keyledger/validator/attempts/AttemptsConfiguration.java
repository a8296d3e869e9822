package io.keyledger.validator.attempts;

import io.keyledger.api.attempts.AuthAttempt;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AttemptsConfiguration {

    /**
     * The producer is built from {@code spring.kafka.*} (bootstrap servers, security), with the
     * publisher's own delivery settings on top. Creating it does not contact the broker, so a
     * validator starts and verifies while Kafka is down.
     */
    @Bean(destroyMethod = "close")
    AttemptPublisher attemptPublisher(KafkaProperties kafka, MeterRegistry meters,
                                      @Value("${keyledger.validator.attempts.buffer-capacity:100000}") int capacity,
                                      @Value("${keyledger.validator.attempts.retry-backoff:1s}") Duration backoff) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties(null));
        config.putAll(AttemptPublisher.producerOverrides());
        config.put("client.id", "validator-auth-attempts");
        return new AttemptPublisher(new KafkaProducer<>(config), AuthAttempt.TOPIC, capacity, backoff, meters);
    }
}
