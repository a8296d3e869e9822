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
 * @param commitInterval      how often results are committed, hence published: the bound on how far
 *                            usage lags behind, and the span over which the state store cache merges
 *                            a key's updates into one output record
 * @param cacheMaxBytes       state store cache for all stream threads
 * @param threads             stream threads
 */
@ConfigurationProperties("keyledger.streams")
public record StreamsProperties(String applicationId,
                                String processingGuarantee,
                                String stateDir,
                                int replicationFactor,
                                int partitions,
                                java.time.Duration commitInterval,
                                org.springframework.util.unit.DataSize cacheMaxBytes,
                                int threads) {
}
