package io.keyledger.query.usage;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds the counts its keys handed over (already summed per publication, so a few records a
 * second whatever the attempt rate) to each organization's windows and publishes their totals.
 */
final class OrganizationUsageProcessor implements Processor<String, UsageWindows, String, UsageAggregate> {

    static final String STORE = "usage-by-organization";

    private ProcessorContext<String, UsageAggregate> context;
    private KeyValueStore<String, UsageWindows> store;
    private long streamTime = Long.MIN_VALUE;

    @Override
    public void init(ProcessorContext<String, UsageAggregate> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, UsageWindows> record) {
        streamTime = Math.max(streamTime, record.timestamp());
        String organization = record.key();
        UsageWindows stored = store.get(organization);
        UsageWindows state = stored == null ? new UsageWindows() : stored;
        for (UsageWindows.Window handed : record.value().windows) {
            if (handed.interval.closed(handed.start, streamTime)) {
                continue;
            }
            UsageWindows.Window window = state.window(handed.interval, handed.start);
            for (int i = 0; i < window.counts.length; i++) {
                window.counts[i] += handed.counts[i];
            }
            window.lastAt = Math.max(window.lastAt, handed.lastAt);
            UsageAggregate totals = window.aggregate(UsageAggregate.ORGANIZATION, organization);
            context.forward(new Record<>(totals.id(), totals, window.lastAt));
        }
        state.expire(streamTime);
        if (state.windows.isEmpty()) {
            store.delete(organization);
        } else {
            store.put(organization, state);
        }
    }
}
