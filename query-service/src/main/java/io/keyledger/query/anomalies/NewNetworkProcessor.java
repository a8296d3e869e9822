package io.keyledger.query.anomalies;

import io.keyledger.api.attempts.AuthAttempt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key used from a network not seen for it within the lookback (30 days by default). The
 * store maps a key id to its known networks and when each was last seen
 * ({@code net=millis;net=millis}). A key's very first network is learnt, not reported: there
 * is nothing yet to compare it with.
 */
final class NewNetworkProcessor implements Processor<String, AuthAttempt, String, Anomaly> {

    static final String STORE = "anomaly-known-networks";
    /** Last-seen times are refreshed at most this often, to spare the store's changelog. */
    private static final long REFRESH_MILLIS = Duration.ofHours(1).toMillis();

    private final long lookbackMillis;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<String, String> store;

    NewNetworkProcessor(Duration lookback) {
        this.lookbackMillis = lookback.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, AuthAttempt> record) {
        AuthAttempt attempt = record.value();
        String network = Networks.of(attempt.ip());
        if (attempt.keyId() == null || network == null) {
            return;
        }
        long now = record.timestamp();
        Map<String, Long> known = decode(store.get(attempt.keyId()));
        known.values().removeIf(seen -> seen < now - lookbackMillis);
        Long lastSeen = known.get(network);
        if (lastSeen == null && !known.isEmpty()) {
            context.forward(record.withKey(attempt.keyId()).withValue(anomaly(attempt, network, known, now)));
        }
        if (lastSeen == null || now - lastSeen >= REFRESH_MILLIS) {
            known.put(network, now);
            store.put(attempt.keyId(), encode(known));
        }
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

    static Map<String, Long> decode(String value) {
        Map<String, Long> known = new LinkedHashMap<>();
        if (value == null || value.isEmpty()) {
            return known;
        }
        for (String entry : value.split(";")) {
            int eq = entry.lastIndexOf('=');
            known.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
        }
        return known;
    }

    static String encode(Map<String, Long> known) {
        StringBuilder value = new StringBuilder();
        known.forEach((network, seen) -> {
            if (value.length() > 0) {
                value.append(';');
            }
            value.append(network).append('=').append(seen);
        });
        return value.toString();
    }
}
