package io.keyledger.query.insights;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads the insight stores of {@link InsightTopology} for one key. The stores come from a function so
 * the same reads run on a running topology (interactive queries) and on a {@code TopologyTestDriver}.
 */
public final class InsightStore {

    private final Function<String, ReadOnlyWindowStore<String, byte[]>> stores;

    public InsightStore(Function<String, ReadOnlyWindowStore<String, byte[]>> stores) {
        this.stores = stores;
    }

    /** Every kept attempt of {@code keyId} from {@code from} (inclusive) to {@code to} (exclusive), in time order. */
    public void attempts(String keyId, Instant from, Instant to, Consumer<StoredAttempt> each) {
        long toMillis = to.toEpochMilli() - 1;
        if (toMillis < from.toEpochMilli()) {
            return;
        }
        try (WindowStoreIterator<byte[]> it = stores.apply(InsightTopology.ATTEMPTS)
                .fetch(keyId, from, Instant.ofEpochMilli(toMillis))) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> next = it.next();
                each.accept(StoredAttempt.decode(next.key, next.value));
            }
        }
    }

    /**
     * {@code keyId}'s tallies of the UTC days that start from {@code fromDay} to {@code toDay} (both
     * inclusive), summed over the days: tally key → total.
     */
    Map<String, Tally> tallies(String keyId, Instant fromDay, Instant toDay) {
        Map<String, Tally> sums = new LinkedHashMap<>();
        try (KeyValueIterator<Windowed<String>, byte[]> it = stores.apply(InsightTopology.TALLIES)
                .fetch(TallyKeys.from(keyId), TallyKeys.to(keyId), fromDay, toDay)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, byte[]> next = it.next();
                Tally tally = Tally.decode(next.value);
                if (tally != null && TallyKeys.kind(next.key.key(), keyId) != 0) {
                    sums.merge(next.key.key(), tally, Tally::merge);
                }
            }
        }
        return sums;
    }

    /** The attempts made with {@code keyId}'s previous secret in the minutes from {@code from} to {@code to}; {@code null} when none. */
    Tally previousSecret(String keyId, Instant from, Instant to) {
        Tally sum = null;
        try (WindowStoreIterator<byte[]> it = stores.apply(InsightTopology.PREVIOUS).fetch(keyId, from, to)) {
            while (it.hasNext()) {
                Tally tally = Tally.decode(it.next().value);
                sum = sum == null ? tally : sum.merge(tally);
            }
        }
        return sum;
    }
}
