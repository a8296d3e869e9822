package io.keyledger.query.insights;

import io.keyledger.api.attempts.AuthAttempt;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.Stores;

/**
 * The insights' part of the attempt topology: every attempt of a known key is kept
 * ({@value #ATTEMPTS}) and counted per permission, network and user agent per day ({@value #TALLIES})
 * and, when the previous secret matched, per minute ({@value #PREVIOUS}). All three are RocksDB window
 * stores with a changelog, so they survive a restart and expire by whole segments.
 */
public final class InsightTopology {

    /** Each key's attempts, by key then time (duplicates kept: many attempts share a millisecond). */
    public static final String ATTEMPTS = "insight-attempts";
    /** Per key per UTC day: one {@link Tally} per permission asked, network and user agent. */
    public static final String TALLIES = "insight-tallies";
    /** Per key per minute: the attempts made with the previous secret (the rotation assistant). */
    public static final String PREVIOUS = "insight-previous";

    static final Duration DAY = Duration.ofDays(1);
    static final Duration MINUTE = Duration.ofMinutes(1);

    private InsightTopology() {
    }

    public static void addTo(StreamsBuilder builder, KStream<String, AuthAttempt> attempts, InsightsProperties settings) {
        Duration retention = settings.retention();
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(ATTEMPTS, retention, Duration.ofMillis(1), true),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(TALLIES, retention.plus(DAY), DAY, false),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(PREVIOUS, retention, MINUTE, false),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        attempts.filter((key, attempt) -> attempt.keyId() != null && attempt.timestamp() != null)
                .process(InsightRecorder::new, ATTEMPTS, TALLIES, PREVIOUS);
    }
}
