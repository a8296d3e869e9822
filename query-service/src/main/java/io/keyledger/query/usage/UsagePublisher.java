package io.keyledger.query.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Publishes, for each subject's {@link UsageWindows} the aggregation emits (once per commit, from
 * its store's cache), the running total of every window changed since the last publication. The
 * version last published per subject is kept in a store of its own, with a changelog, so that
 * after a restart or an aborted transaction a window is published again rather than missed.
 *
 * <p>Every {@link #PRUNE_EVERY} it drops the entries whose windows have all closed by the
 * task's stream time, which keeps the stores to the subjects in use; what they hold that was not
 * yet published is published first.
 */
final class UsagePublisher implements Processor<String, UsageWindows, String, UsageAggregate> {

    static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private final String scope;
    private final String windowsStore;
    private final String publishedStore;
    private ProcessorContext<String, UsageAggregate> context;
    private KeyValueStore<String, ValueAndTimestamp<UsageWindows>> windows;
    private KeyValueStore<String, Long> published;

    UsagePublisher(String scope, String windowsStore, String publishedStore) {
        this.scope = scope;
        this.windowsStore = windowsStore;
        this.publishedStore = publishedStore;
    }

    @Override
    public void init(ProcessorContext<String, UsageAggregate> context) {
        this.context = context;
        this.windows = context.getStateStore(windowsStore);
        this.published = context.getStateStore(publishedStore);
        context.schedule(PRUNE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> prune());
    }

    @Override
    public void process(Record<String, UsageWindows> record) {
        UsageWindows entry = record.value();
        if (entry == null) {
            published.delete(record.key());
            return;
        }
        publish(record.key(), entry, record.timestamp());
    }

    private void publish(String subject, UsageWindows entry, long timestamp) {
        Long last = published.get(subject);
        long since = last == null || last > entry.updates ? 0 : last;
        for (UsageWindows.Window window : entry.changedSince(since)) {
            UsageAggregate aggregate = aggregate(subject, window);
            context.forward(new Record<>(aggregate.id(), aggregate, timestamp));
        }
        published.put(subject, entry.updates);
    }

    private UsageAggregate aggregate(String subject, UsageWindows.Window window) {
        Counts counts = window.counts;
        long requests = counts.requests();
        long allowed = counts.allowed();
        return new UsageAggregate(UsageAggregate.id(scope, subject, window.interval, window.start),
                scope, subject, window.interval.token(),
                Instant.ofEpochMilli(window.start), Instant.ofEpochMilli(window.end()),
                requests, allowed, requests - allowed, counts.byCodeMap(),
                counts.lastAt == 0 ? null : Instant.ofEpochMilli(counts.lastAt));
    }

    private void prune() {
        long streamTime = context.currentStreamTimeMs();
        List<KeyValue<String, ValueAndTimestamp<UsageWindows>>> closed = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<UsageWindows>> all = windows.all()) {
            while (all.hasNext()) {
                KeyValue<String, ValueAndTimestamp<UsageWindows>> next = all.next();
                if (next.value.value().closedAt(streamTime)) {
                    closed.add(next);
                }
            }
        }
        for (KeyValue<String, ValueAndTimestamp<UsageWindows>> entry : closed) {
            // a change not yet emitted by the cache (a late attempt) is published before the entry goes
            publish(entry.key, entry.value.value(), entry.value.timestamp());
            windows.delete(entry.key);
            published.delete(entry.key);
        }
    }
}
