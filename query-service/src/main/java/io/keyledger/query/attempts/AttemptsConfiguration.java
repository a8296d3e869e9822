package io.keyledger.query.attempts;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.query.anomalies.AnomalyRules;
import io.keyledger.query.anomalies.AnomalyTopology;
import io.keyledger.query.usage.UsageTopology;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The attempt pipeline's wiring: the topics it reads and writes (created at start when
 * missing, so the topology never starts on an absent source), the Kafka Streams runtime, and
 * how the Mongo sinks retry.
 */
@Configuration(proxyBeanMethods = false)
class AttemptsConfiguration {

    @Bean
    NewTopic authAttemptsTopic(StreamsProperties properties) {
        return topic(AuthAttempt.TOPIC, properties);
    }

    @Bean
    NewTopic usageTopic(StreamsProperties properties) {
        return topic(UsageTopology.OUTPUT_TOPIC, properties);
    }

    @Bean
    NewTopic anomaliesTopic(StreamsProperties properties) {
        return topic(AnomalyTopology.OUTPUT_TOPIC, properties);
    }

    /** Named for its health contribution: {@code kafkaStreams} in the readiness group. */
    @Bean("kafkaStreams")
    AttemptStreams attemptStreams(StreamsProperties properties, AnomalyRules rules, KafkaProperties kafka,
                                  org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters,
                                  io.keyledger.query.insights.InsightsProperties insights) {
        return new AttemptStreams(AttemptTopology.build(rules, insights), properties, String.join(",", kafka.getBootstrapServers()),
                meters.getIfAvailable());
    }

    /**
     * A sink batch that cannot be written (Mongo unreachable) is retried until it can: skipping
     * it would leave a window's totals behind until its next update, or forever once closed.
     */
    @Bean
    CommonErrorHandler sinkErrorHandler() {
        return new DefaultErrorHandler(new FixedBackOff(1_000, FixedBackOff.UNLIMITED_ATTEMPTS));
    }

    static NewTopic topic(String name, StreamsProperties properties) {
        return TopicBuilder.name(name)
                .partitions(properties.partitions())
                .replicas(properties.replicationFactor())
                .build();
    }
}
