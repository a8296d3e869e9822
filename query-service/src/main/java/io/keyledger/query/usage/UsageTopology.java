package io.keyledger.query.usage;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.query.attempts.AttemptSerde;
import io.keyledger.query.attempts.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Usage counts per key and per organization, per minute, hour and day, published as running
 * totals on {@value #OUTPUT_TOPIC} for the Mongo sink.
 *
 * <p>Per-key counts group by the record key, which the {@code auth-attempts} contract defines
 * as the key id (records of unknown keys are keyed by prefix and carry no key id, so they are
 * left out here); this avoids repartitioning every attempt. Organization counts regroup by
 * organization id through a repartition topic, which carries each attempt's {@link Counts}
 * (binary, 88 bytes) rather than the attempt in JSON.
 *
 * <p>Each subject's open windows are one entry ({@link UsageWindows}) of one cached key-value
 * store, in memory with a changelog: one read and one write per attempt rather than one per
 * window. The aggregation emits the entries changed at each commit and {@link UsagePublisher}
 * turns each into the totals of the windows that changed.
 */
public final class UsageTopology {

    public static final String OUTPUT_TOPIC = "keyledger.usage";

    private static final AttemptSerde ATTEMPT_SERDE = new AttemptSerde();
    private static final Serde<UsageAggregate> AGGREGATE_SERDE = Serdes.serdeFrom(new AggregateWriter(),
            new JsonSerde<>(UsageAggregate.class));
    /**
     * The organization repartition topic's values. Records left there by a version that
     * repartitioned whole attempts are JSON and start with '{', which the first byte of a count
     * never is: they are read as attempts.
     */
    private static final Serde<Counts> REPARTITION_SERDE = Serdes.serdeFrom(Counts.SERDE.serializer(),
            (Deserializer<Counts>) (topic, bytes) -> bytes != null && bytes.length > 0 && bytes[0] == '{'
                    ? one(ATTEMPT_SERDE.deserialize(topic, bytes))
                    : Counts.SERDE.deserializer().deserialize(topic, bytes));

    private UsageTopology() {
    }

    public static void addTo(StreamsBuilder builder, KStream<String, AuthAttempt> attempts) {
        KStream<String, AuthAttempt> known = attempts.filter((key, attempt) -> attempt.keyId() != null);
        count(builder, UsageAggregate.KEY, known.mapValues(UsageTopology::one)
                .groupByKey(Grouped.with(Serdes.String(), Counts.SERDE)));
        count(builder, UsageAggregate.ORGANIZATION, known
                .filter((key, attempt) -> attempt.organizationId() != null)
                .map((key, attempt) -> KeyValue.pair(attempt.organizationId(), one(attempt)))
                .groupByKey(Grouped.with("usage-by-organization", Serdes.String(), REPARTITION_SERDE)));
    }

    private static Counts one(AuthAttempt attempt) {
        return new Counts().add(attempt, timestamp(attempt));
    }

    private static void count(StreamsBuilder builder, String scope, KGroupedStream<String, Counts> grouped) {
        String windows = "usage-" + scope + "-windows";
        String published = "usage-" + scope + "-published";
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(published),
                Serdes.String(), Serdes.Long()));
        grouped.aggregate(UsageWindows::new, (subject, one, entry) -> entry.add(one),
                        Materialized.<String, UsageWindows>as(Stores.inMemoryKeyValueStore(windows))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(UsageWindows.SERDE))
                .toStream()
                .process(() -> new UsagePublisher(scope, windows, published), windows, published)
                .to(OUTPUT_TOPIC, Produced.with(Serdes.String(), AGGREGATE_SERDE));
    }

    private static long timestamp(AuthAttempt attempt) {
        return attempt.timestamp() == null ? 0 : attempt.timestamp().toEpochMilli();
    }
}
