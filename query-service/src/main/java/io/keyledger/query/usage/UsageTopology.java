package io.keyledger.query.usage;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.query.attempts.AttemptSerde;
import io.keyledger.query.attempts.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Aggregator;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;

/**
 * Windowed usage counts per key and per organization, per minute, hour and day, published as
 * running totals on {@value #OUTPUT_TOPIC} for the Mongo sink.
 *
 * <p>Per-key counts group by the record key, which the {@code auth-attempts} contract defines
 * as the key id (records of unknown keys are keyed by prefix and carry no key id, so they are
 * left out here); this avoids repartitioning every attempt. Organization counts regroup by
 * organization id through a repartition topic, which carries each attempt's {@link Counts}
 * (binary, 88 bytes) rather than the attempt in JSON: writing, appending and reading the whole
 * attempt a second time cost about a tenth of the stream threads' CPU.
 *
 * <p>Window stores are in memory with a changelog: the windows are short-lived, and restoring
 * them from the changelog is what exactly-once needs, not local disk.
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

    public static void addTo(KStream<String, AuthAttempt> attempts) {
        KStream<String, AuthAttempt> known = attempts.filter((key, attempt) -> attempt.keyId() != null);
        KGroupedStream<String, AuthAttempt> byKey = known.groupByKey(Grouped.with(Serdes.String(), ATTEMPT_SERDE));
        KGroupedStream<String, Counts> byOrganization = known
                .filter((key, attempt) -> attempt.organizationId() != null)
                .map((key, attempt) -> KeyValue.pair(attempt.organizationId(), one(attempt)))
                .groupByKey(Grouped.with("usage-by-organization", Serdes.String(), REPARTITION_SERDE));
        for (Interval interval : Interval.values()) {
            count(byKey, UsageAggregate.KEY, interval, (subject, attempt, counts) -> counts.add(attempt, timestamp(attempt)));
            count(byOrganization, UsageAggregate.ORGANIZATION, interval, (subject, one, counts) -> counts.add(one));
        }
    }

    private static Counts one(AuthAttempt attempt) {
        return new Counts().add(attempt, timestamp(attempt));
    }

    private static <V> void count(KGroupedStream<String, V> grouped, String scope, Interval interval,
                                  Aggregator<String, V, Counts> add) {
        String storeName = "usage-" + scope + "-" + interval.token();
        Duration retention = interval.size().plus(interval.grace());
        grouped.windowedBy(TimeWindows.ofSizeAndGrace(interval.size(), interval.grace()))
                .aggregate(Counts::new, add,
                        Materialized.<String, Counts>as(Stores.inMemoryWindowStore(storeName, retention,
                                        interval.size(), false))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(Counts.SERDE))
                .toStream()
                .map((window, counts) -> KeyValue.pair(
                        UsageAggregate.id(scope, window.key(), interval, window.window().start()),
                        aggregate(scope, interval, window, counts)))
                .to(OUTPUT_TOPIC, Produced.with(Serdes.String(), AGGREGATE_SERDE));
    }

    private static long timestamp(AuthAttempt attempt) {
        return attempt.timestamp() == null ? 0 : attempt.timestamp().toEpochMilli();
    }

    private static UsageAggregate aggregate(String scope, Interval interval, Windowed<String> window, Counts counts) {
        long requests = counts.requests();
        long allowed = counts.allowed();
        return new UsageAggregate(
                UsageAggregate.id(scope, window.key(), interval, window.window().start()),
                scope, window.key(), interval.token(),
                Instant.ofEpochMilli(window.window().start()), Instant.ofEpochMilli(window.window().end()),
                requests, allowed, requests - allowed, counts.byCodeMap(),
                counts.lastAt == 0 ? null : Instant.ofEpochMilli(counts.lastAt));
    }
}
