package io.keyledger.query.anomalies;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.query.attempts.JsonSerde;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
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
 * The windowed rules of a record key share one {@link TallyProcessor} and one store entry; only
 * attempts that some rule counts reach it. Their running tally is published once per
 * publication interval once the threshold is met, under an id fixed by rule, subject and window:
 * the sink keeps one document per finding whose evidence grows with the window. Only failures
 * are repartitioned (by IP); new networks and volume spikes are reported as they happen.
 */
public final class AnomalyTopology {

    public static final String OUTPUT_TOPIC = "keyledger.anomalies";
    static final String KEY_TALLIES = "anomaly-tallies-by-key";
    static final String IP_TALLIES = "anomaly-tallies-by-ip";

    private static final JsonSerde<AuthAttempt> ATTEMPT_SERDE = new JsonSerde<>(AuthAttempt.class);
    private static final JsonSerde<Tallies> TALLIES_SERDE = new JsonSerde<>(Tallies.class);
    private static final JsonSerde<Anomaly> ANOMALY_SERDE = new JsonSerde<>(Anomaly.class);

    private AnomalyTopology() {
    }

    public static void addTo(StreamsBuilder builder, KStream<String, AuthAttempt> attempts, AnomalyRules rules,
                             Duration publishInterval) {
        Produced<String, Anomaly> produced = Produced.with(Serdes.String(), ANOMALY_SERDE);

        List<TallyProcessor.Rule> keyRules = keyRules(rules);
        builder.addStateStore(tallyStore(KEY_TALLIES));
        attempts.filter((key, a) -> key != null && keyRules.stream().anyMatch(rule -> rule.matches().test(a)))
                .process(() -> new TallyProcessor(KEY_TALLIES, keyRules, publishInterval), KEY_TALLIES)
                .to(OUTPUT_TOPIC, produced);

        List<TallyProcessor.Rule> ipRules = List.of(threshold(AnomalyType.FAILURE_SPIKE_IP, a -> isFailure(a.code()),
                rules.failureSpikeIp()));
        builder.addStateStore(tallyStore(IP_TALLIES));
        attempts.filter((key, a) -> a.ip() != null && isFailure(a.code()))
                .selectKey((key, a) -> a.ip())
                .repartition(Repartitioned.with(Serdes.String(), ATTEMPT_SERDE).withName("anomaly-failures-by-ip"))
                .process(() -> new TallyProcessor(IP_TALLIES, ipRules, publishInterval), IP_TALLIES)
                .to(OUTPUT_TOPIC, produced);

        KStream<String, AuthAttempt> known = attempts.filter((key, a) -> a.keyId() != null);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NewNetworkProcessor.STORE),
                Serdes.String(), Serdes.String()).withCachingEnabled());
        known.process(() -> new NewNetworkProcessor(rules.newNetwork().lookback()), NewNetworkProcessor.STORE)
                .to(OUTPUT_TOPIC, produced);

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(VolumeSpikeProcessor.STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        known.process(() -> new VolumeSpikeProcessor(rules.volumeSpike()), VolumeSpikeProcessor.STORE)
                .to(OUTPUT_TOPIC, produced);
    }

    /** The rules counted per record key: failures per key or prefix; the rest per known key. */
    private static List<TallyProcessor.Rule> keyRules(AnomalyRules rules) {
        AnomalyRules.Probing probing = rules.permissionProbing();
        return List.of(
                threshold(AnomalyType.FAILURE_SPIKE, a -> isFailure(a.code()), rules.failureSpikeKey()),
                threshold(AnomalyType.REVOKED_KEY_USED, known(VerificationCode.REVOKED), rules.inactiveKeyUse()),
                threshold(AnomalyType.DISABLED_KEY_USED, known(VerificationCode.DISABLED), rules.inactiveKeyUse()),
                threshold(AnomalyType.EXPIRED_KEY_USED, known(VerificationCode.EXPIRED), rules.inactiveKeyUse()),
                threshold(AnomalyType.RATE_LIMIT_STORM, known(VerificationCode.RATE_LIMITED), rules.rateLimitStorm()),
                new TallyProcessor.Rule(AnomalyType.PERMISSION_PROBING, known(VerificationCode.FORBIDDEN), probing.window(),
                        t -> t.count >= probing.threshold() && t.permissions.size() >= probing.distinctPermissions(),
                        probing.threshold()));
    }

    /**
     * A failed verification: the credential or its use was refused. Rate limiting and missing
     * permissions are refusals of a valid key and have rules of their own.
     */
    static boolean isFailure(VerificationCode code) {
        return !code.allowed() && code != VerificationCode.RATE_LIMITED && code != VerificationCode.FORBIDDEN;
    }

    private static Predicate<AuthAttempt> known(VerificationCode code) {
        return a -> a.keyId() != null && a.code() == code;
    }

    private static TallyProcessor.Rule threshold(String type, Predicate<AuthAttempt> matches, AnomalyRules.Threshold rule) {
        return new TallyProcessor.Rule(type, matches, rule.window(), t -> t.count >= rule.threshold(), rule.threshold());
    }

    private static StoreBuilder<?> tallyStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), TALLIES_SERDE)
                .withCachingEnabled();
    }
}
