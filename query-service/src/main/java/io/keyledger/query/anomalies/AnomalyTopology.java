package io.keyledger.query.anomalies;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.query.attempts.AttemptSerde;
import io.keyledger.query.attempts.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;

/**
 * The anomaly rules over {@code auth-attempts} (DESIGN.md §5), each publishing typed anomalies
 * with evidence on {@value #OUTPUT_TOPIC}:
 * <ul>
 *   <li>{@code failure_spike}: failed verifications per key id, or per display prefix when
 *       the key is unknown (the topic's record key);</li>
 *   <li>{@code failure_spike_ip}: the same per client IP;</li>
 *   <li>{@code revoked_key_used}, {@code disabled_key_used}, {@code expired_key_used};</li>
 *   <li>{@code new_network}: a key used from a /24 or /48 not seen for it in the lookback;</li>
 *   <li>{@code rate_limit_storm}: many RATE_LIMITED answers for a key;</li>
 *   <li>{@code permission_probing}: many FORBIDDEN answers for a key across several permissions;</li>
 *   <li>{@code volume_spike}: a minute far above the key's trailing average.</li>
 * </ul>
 * Windowed rules publish their running tally every time it changes once the threshold is met,
 * under an id fixed by rule, subject and window: the sink keeps one document per finding
 * whose evidence grows with the window.
 */
public final class AnomalyTopology {

    public static final String OUTPUT_TOPIC = io.keyledger.api.attempts.Anomalies.TOPIC;

    private static final AttemptSerde ATTEMPT_SERDE = new AttemptSerde();
    private static final JsonSerde<Tally> TALLY_SERDE = new JsonSerde<>(Tally.class);
    private static final JsonSerde<Anomaly> ANOMALY_SERDE = new JsonSerde<>(Anomaly.class);
    /** How late an attempt may arrive and still count in its window. */
    private static final Duration GRACE = Duration.ofMinutes(1);

    private AnomalyTopology() {
    }

    public static void addTo(StreamsBuilder builder, KStream<String, AuthAttempt> attempts, AnomalyRules rules) {
        KStream<String, AuthAttempt> failures = attempts.filter((key, a) -> isFailure(a.code()));

        windowed(failures.filter((key, a) -> key != null).groupByKey(grouped()),
                AnomalyType.FAILURE_SPIKE, rules.failureSpikeKey().window(),
                atLeast(rules.failureSpikeKey().threshold()), rules.failureSpikeKey().threshold());
        windowed(failures.filter((key, a) -> a.ip() != null)
                        .groupBy((key, a) -> a.ip(), Grouped.with("anomaly-failures-by-ip", Serdes.String(), ATTEMPT_SERDE)),
                AnomalyType.FAILURE_SPIKE_IP, rules.failureSpikeIp().window(),
                atLeast(rules.failureSpikeIp().threshold()), rules.failureSpikeIp().threshold());

        KStream<String, AuthAttempt> known = attempts.filter((key, a) -> a.keyId() != null);
        inactiveKeyUse(known, VerificationCode.REVOKED, AnomalyType.REVOKED_KEY_USED, rules.inactiveKeyUse());
        inactiveKeyUse(known, VerificationCode.DISABLED, AnomalyType.DISABLED_KEY_USED, rules.inactiveKeyUse());
        inactiveKeyUse(known, VerificationCode.EXPIRED, AnomalyType.EXPIRED_KEY_USED, rules.inactiveKeyUse());

        windowed(known.filter((key, a) -> a.code() == VerificationCode.RATE_LIMITED).groupByKey(grouped()),
                AnomalyType.RATE_LIMIT_STORM, rules.rateLimitStorm().window(),
                atLeast(rules.rateLimitStorm().threshold()), rules.rateLimitStorm().threshold());

        AnomalyRules.Probing probing = rules.permissionProbing();
        windowed(known.filter((key, a) -> a.code() == VerificationCode.FORBIDDEN).groupByKey(grouped()),
                AnomalyType.PERMISSION_PROBING, probing.window(),
                t -> t.count >= probing.threshold() && t.permissions.size() >= probing.distinctPermissions(),
                probing.threshold());

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(KeyActivityProcessor.STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        known.process(() -> new KeyActivityProcessor(rules), KeyActivityProcessor.STORE)
                .to(OUTPUT_TOPIC, Produced.with(Serdes.String(), ANOMALY_SERDE));
    }

    /**
     * A failed verification: the credential or its use was refused. Rate limiting and missing
     * permissions are refusals of a valid key and have rules of their own.
     */
    static boolean isFailure(VerificationCode code) {
        return !code.allowed() && code != VerificationCode.RATE_LIMITED && code != VerificationCode.FORBIDDEN;
    }

    private static void inactiveKeyUse(KStream<String, AuthAttempt> known, VerificationCode code, String type,
                                       AnomalyRules.Threshold rule) {
        windowed(known.filter((key, a) -> a.code() == code).groupByKey(grouped()),
                type, rule.window(), atLeast(rule.threshold()), rule.threshold());
    }

    private static Predicate<Tally> atLeast(long threshold) {
        return t -> t.count >= threshold;
    }

    private static Grouped<String, AuthAttempt> grouped() {
        return Grouped.with(Serdes.String(), ATTEMPT_SERDE);
    }

    private static void windowed(KGroupedStream<String, AuthAttempt> grouped, String type, Duration window,
                                 Predicate<Tally> condition, long threshold) {
        grouped.windowedBy(TimeWindows.ofSizeAndGrace(window, GRACE))
                .aggregate(Tally::new,
                        (subject, attempt, tally) -> tally.add(attempt, timestamp(attempt), condition),
                        Materialized.<String, Tally>as(Stores.inMemoryWindowStore("anomaly-" + type,
                                        window.plus(GRACE), window, false))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(TALLY_SERDE))
                .toStream()
                .filter((w, tally) -> tally != null && tally.reachedAt != 0)
                .map((w, tally) -> {
                    Anomaly anomaly = anomaly(type, w, tally, threshold);
                    return KeyValue.pair(anomaly.id(), anomaly);
                })
                .to(OUTPUT_TOPIC, Produced.with(Serdes.String(), ANOMALY_SERDE));
    }

    private static Anomaly anomaly(String type, Windowed<String> window, Tally tally, long threshold) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("count", tally.count);
        evidence.put("threshold", threshold);
        evidence.put("codes", tally.codes);
        evidence.put("ips", tally.ips);
        evidence.put("user_agents", tally.userAgents);
        if (!tally.permissions.isEmpty()) {
            evidence.put("permissions", tally.permissions);
        }
        if (tally.prefix != null) {
            evidence.put("prefix", tally.prefix);
        }
        evidence.put("first_at", Instant.ofEpochMilli(tally.firstAt).toString());
        evidence.put("last_at", Instant.ofEpochMilli(tally.lastAt).toString());
        return new Anomaly(Anomaly.id(type, window.key(), window.window().start()), type, tally.keyId,
                tally.organizationId, window.key(), Instant.ofEpochMilli(tally.reachedAt),
                Instant.ofEpochMilli(window.window().start()), Instant.ofEpochMilli(window.window().end()), evidence);
    }

    private static long timestamp(AuthAttempt attempt) {
        return attempt.timestamp() == null ? 0 : attempt.timestamp().toEpochMilli();
    }
}
