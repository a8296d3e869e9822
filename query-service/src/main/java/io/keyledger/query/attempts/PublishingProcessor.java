package io.keyledger.query.attempts;

import io.keyledger.api.attempts.AuthAttempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A per-subject state of windows, updated once per attempt in one key-value store and published
 * once per {@code publishInterval} instead of once per attempt: the attempt only marks its
 * subject as pending, the punctuation emits what changed.
 *
 * <p>Exactly-once: whether a window still has to be published is part of the stored state
 * ({@link #hasPending}), written with the attempt that changed it, and cleared in the same
 * transaction as the records that publish it. A crash between the two therefore publishes after
 * the restore instead of losing the update; the in-memory set of pending subjects is only an
 * index, rebuilt from the store when the task starts.
 *
 * @param <V> the state of one subject
 */
public abstract class PublishingProcessor<V, KOut, VOut> implements Processor<String, AuthAttempt, KOut, VOut> {

    /** How often (stream time) the whole store is swept for subjects whose windows all closed. */
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);

    private final String storeName;
    private final Duration publishInterval;
    private final Set<String> pending = new LinkedHashSet<>();
    protected ProcessorContext<KOut, VOut> context;
    private KeyValueStore<String, V> store;
    private RecentEntries<V> entries;
    /** The latest attempt time seen: windows whose grace ended before it are closed. */
    protected long streamTime = Long.MIN_VALUE;

    protected PublishingProcessor(String storeName, Duration publishInterval) {
        this.storeName = storeName;
        this.publishInterval = publishInterval;
    }

    @Override
    public void init(ProcessorContext<KOut, VOut> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.entries = new RecentEntries<>(store);
        pending.clear();
        streamTime = Long.MIN_VALUE;
        try (KeyValueIterator<String, V> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (hasPending(entry.value)) {
                    pending.add(entry.key);
                }
            });
        }
        context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, now -> publishPending());
        context.schedule(SWEEP_INTERVAL, PunctuationType.STREAM_TIME, now -> sweep());
    }

    @Override
    public void process(Record<String, AuthAttempt> record) {
        streamTime = Math.max(streamTime, record.timestamp());
        String subject = subject(record);
        if (subject == null) {
            return;
        }
        V state = update(subject, entries.get(subject), record);
        if (state != null) {
            entries.put(subject, state);
            pending.add(subject);
        }
    }

    /** Publishes every pending subject's changed windows and forgets the closed ones. */
    protected void publishPending() {
        for (String subject : pending) {
            V state = entries.get(subject);
            if (state != null) {
                publish(subject, state);
                expire(state);
                save(subject, state);
            }
        }
        pending.clear();
    }

    private void sweep() {
        // collected first: the store is not changed while it is iterated
        List<KeyValue<String, V>> expired = new ArrayList<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (!pending.contains(entry.key) && expire(entry.value)) {
                    expired.add(entry);
                }
            });
        }
        expired.forEach(entry -> save(entry.key, entry.value));
    }

    private void save(String subject, V state) {
        if (isEmpty(state)) {
            entries.delete(subject);
        } else {
            entries.put(subject, state);
        }
    }

    /** The subject the attempt counts for, {@code null} when it counts for none. */
    protected abstract String subject(Record<String, AuthAttempt> record);

    /**
     * Applies the attempt to {@code state} ({@code null} for a new subject), changing it in place;
     * returns the state to store, or {@code null} when it changed nothing.
     */
    protected abstract V update(String subject, V state, Record<String, AuthAttempt> record);

    protected abstract boolean hasPending(V state);

    /** Forwards what changed in {@code state} since it was last published and marks it published. */
    protected abstract void publish(String subject, V state);

    /** Drops published windows that closed before {@link #streamTime}; true when it dropped any. */
    protected abstract boolean expire(V state);

    protected abstract boolean isEmpty(V state);
}
