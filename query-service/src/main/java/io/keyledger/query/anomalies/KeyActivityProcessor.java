package io.keyledger.query.anomalies;

import io.keyledger.api.attempts.AuthAttempt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-key rules that are not windows, {@link NewNetworkRule} and {@link VolumeSpikeRule},
 * over one store entry per key id: one cached read and at most one write per attempt instead of
 * one store per rule. The entry is binary: the volume state's length and longs, then the known
 * networks (count, then each network's UTF-8 length, bytes and last-seen millis).
 *
 * <p>The store replaces {@code anomaly-known-networks} and {@code anomaly-volume-history} of the
 * previous version under a new name, so their changelogs are never read as this format: after
 * an upgrade a key's first network is learnt again and its volume history starts over.
 */
final class KeyActivityProcessor implements Processor<String, AuthAttempt, String, Anomaly> {

    static final String STORE = "anomaly-key-activity";

    private final NewNetworkRule networks;
    private final VolumeSpikeRule volume;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<String, byte[]> store;

    KeyActivityProcessor(AnomalyRules rules) {
        this.networks = new NewNetworkRule(rules.newNetwork().lookback());
        this.volume = new VolumeSpikeRule(rules.volumeSpike());
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, AuthAttempt> record) {
        AuthAttempt attempt = record.value();
        String keyId = attempt.keyId();
        if (keyId == null) {
            return;
        }
        ByteBuffer stored = wrap(store.get(keyId));
        long[] state = volumeState(stored);
        Map<String, Long> known = knownNetworks(stored);
        Consumer<Anomaly> report = anomaly -> context.forward(record.withKey(keyId).withValue(anomaly));
        boolean networksChanged = networks.see(known, attempt, record.timestamp(), report);
        long[] counted = volume.count(state, attempt, record.timestamp(), report);
        if (networksChanged || counted != null) {
            store.put(keyId, encode(counted != null ? counted : state, known));
        }
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    /** The stored volume state, {@code null} when absent or of another trailing length (start over). */
    private long[] volumeState(ByteBuffer stored) {
        if (stored == null) {
            return null;
        }
        int length = stored.getInt();
        if (length != volume.length()) {
            stored.position(stored.position() + length * Long.BYTES);
            return null;
        }
        long[] state = new long[length];
        stored.asLongBuffer().get(state);
        stored.position(stored.position() + length * Long.BYTES);
        return state;
    }

    /** The known networks after the volume state, in the order they were learnt. */
    private static Map<String, Long> knownNetworks(ByteBuffer stored) {
        Map<String, Long> known = new LinkedHashMap<>();
        if (stored == null) {
            return known;
        }
        int count = stored.getInt();
        for (int i = 0; i < count; i++) {
            byte[] network = new byte[stored.getShort()];
            stored.get(network);
            known.put(new String(network, StandardCharsets.UTF_8), stored.getLong());
        }
        return known;
    }

    private static byte[] encode(long[] state, Map<String, Long> known) {
        byte[][] names = new byte[known.size()][];
        int size = Integer.BYTES + state.length * Long.BYTES + Integer.BYTES;
        int i = 0;
        for (String network : known.keySet()) {
            names[i] = network.getBytes(StandardCharsets.UTF_8);
            size += Short.BYTES + names[i].length + Long.BYTES;
            i++;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putInt(state.length);
        buffer.asLongBuffer().put(state);
        buffer.position(buffer.position() + state.length * Long.BYTES).putInt(names.length);
        i = 0;
        for (long seen : known.values()) {
            buffer.putShort((short) names[i].length).put(names[i]).putLong(seen);
            i++;
        }
        return buffer.array();
    }
}
