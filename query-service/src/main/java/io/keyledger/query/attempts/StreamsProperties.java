package io.keyledger.query.attempts;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the attempt pipeline ({@code keyledger.streams.*}).
 *
 * @param applicationId       Kafka Streams application id (consumer group and internal topic prefix)
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param stateDir            where Kafka Streams keeps local state
 * @param replicationFactor   of the topics this service creates, internal ones included
 * @param partitions          of the topics this service creates
 */
@ConfigurationProperties("keyledger.streams")
public record StreamsProperties(String applicationId,
                                String processingGuarantee,
                                String stateDir,
                                int replicationFactor,
                                int partitions) {
}
