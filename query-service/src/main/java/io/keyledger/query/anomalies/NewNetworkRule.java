package io.keyledger.query.anomalies;

import io.keyledger.api.attempts.AuthAttempt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A key used from a network not seen for it within the lookback (30 days by default). Per key
 * {@link KeyActivityProcessor} keeps its known networks and when each was last seen. A key's
 * very first network is learnt, not reported: there is nothing yet to compare it with.
 */
final class NewNetworkRule {

    /** Last-seen times are refreshed at most this often: a network stays known for the lookback after that. */
    private static final long REFRESH_MILLIS = Duration.ofHours(1).toMillis();

    private final long lookbackMillis;

    NewNetworkRule(Duration lookback) {
        this.lookbackMillis = lookback.toMillis();
    }

    /**
     * Checks an attempt of a key at {@code now} against the key's known networks, reporting a
     * new one; returns whether {@code known} changed in a way worth keeping.
     */
    boolean see(Map<String, Long> known, AuthAttempt attempt, long now, Consumer<Anomaly> report) {
        String network = Networks.of(attempt.ip());
        if (network == null) {
            return false;
        }
        known.values().removeIf(seen -> seen < now - lookbackMillis);
        Long lastSeen = known.get(network);
        if (lastSeen == null && !known.isEmpty()) {
            report.accept(anomaly(attempt, network, known, now));
        }
        if (lastSeen == null || now - lastSeen >= REFRESH_MILLIS) {
            known.put(network, now);
            return true;
        }
        return false;
    }

    private Anomaly anomaly(AuthAttempt attempt, String network, Map<String, Long> known, long now) {
        long day = Duration.ofDays(1).toMillis();
        long windowStart = Math.floorDiv(now, day) * day;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("network", network);
        evidence.put("ip", attempt.ip());
        evidence.put("user_agent", attempt.userAgent());
        evidence.put("code", attempt.code().name());
        List<String> networks = new ArrayList<>(known.keySet());
        evidence.put("known_networks", networks.subList(0, Math.min(networks.size(), Tally.MAX_SAMPLES)));
        evidence.put("lookback_days", lookbackMillis / day);
        // one finding per key, network and day: the same network used again that day updates it
        return new Anomaly(Anomaly.id(AnomalyType.NEW_NETWORK, attempt.keyId() + "|" + network, windowStart),
                AnomalyType.NEW_NETWORK, attempt.keyId(), attempt.organizationId(), network,
                Instant.ofEpochMilli(now), Instant.ofEpochMilli(now - lookbackMillis), Instant.ofEpochMilli(now),
                evidence);
    }
}
