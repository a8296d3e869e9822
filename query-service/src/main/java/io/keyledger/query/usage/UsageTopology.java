package io.keyledger.query.usage;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.query.attempts.JsonSerde;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Windowed usage counts per key and per organization, per minute, hour and day, published as
 * running totals on {@value #OUTPUT_TOPIC} for the Mongo sink.
 *
 * <p>One processor keeps each known key's windows in one store entry (records of unknown keys
 * carry no key id and are left out). It publishes once per {@code publishInterval}: the totals of
 * the windows that changed, and, per organization, what its keys counted since the last
 * publication. Only those hand-overs cross the {@value #HAND_OVER} repartition topic, not the
 * attempts, and a second processor adds them to the organization's windows.
 *
 * <p>Stores are in memory with a changelog: the windows are short-lived, and restoring them from
 * the changelog is what exactly-once needs, not local disk.
 */
public final class UsageTopology {

    public static final String OUTPUT_TOPIC = "keyledger.usage";
    /** Name of the repartition topic (prefixed by the application id, suffixed {@code -repartition}). */
    static final String HAND_OVER = "usage-organization-hand-over";

    private static final JsonSerde<UsageAggregate> AGGREGATE_SERDE = new JsonSerde<>(UsageAggregate.class);

    private UsageTopology() {
    }

    public static void addTo(StreamsBuilder builder, KStream<String, AuthAttempt> attempts, Duration publishInterval) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(KeyUsageProcessor.STORE),
                Serdes.String(), UsageWindows.SERDE).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(OrganizationUsageProcessor.STORE),
                Serdes.String(), UsageWindows.SERDE).withCachingEnabled());

        KStream<String, Object> published = attempts
                .process(() -> new KeyUsageProcessor(publishInterval), KeyUsageProcessor.STORE);
        published.filter((id, value) -> value instanceof UsageAggregate)
                .mapValues(value -> (UsageAggregate) value)
                .to(OUTPUT_TOPIC, Produced.with(Serdes.String(), AGGREGATE_SERDE));
        published.filter((organization, value) -> value instanceof UsageWindows)
                .mapValues(value -> (UsageWindows) value)
                .repartition(Repartitioned.with(Serdes.String(), UsageWindows.SERDE).withName(HAND_OVER))
                .process(OrganizationUsageProcessor::new, OrganizationUsageProcessor.STORE)
                .to(OUTPUT_TOPIC, Produced.with(Serdes.String(), AGGREGATE_SERDE));
    }
}
