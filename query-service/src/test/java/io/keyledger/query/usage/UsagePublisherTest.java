package io.keyledger.query.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.attempts.VerificationCode;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher alone, with the changes a commit's cache flush has not emitted yet (which the topology driver never leaves). */
class UsagePublisherTest {

    static final long T0 = 1_773_144_010_000L;

    final MockProcessorContext<String, UsageAggregate> context = new MockProcessorContext<>();
    final TimestampedKeyValueStore<String, UsageWindows> windows = Stores.timestampedKeyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("windows"), Serdes.String(), UsageWindows.SERDE).withLoggingDisabled().build();
    final KeyValueStore<String, Long> published = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("published"), Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
    final UsagePublisher publisher = new UsagePublisher(UsageAggregate.KEY, "windows", "published");

    @BeforeEach
    void init() {
        windows.init(context.getStateStoreContext(), windows);
        published.init(context.getStateStoreContext(), published);
        context.addStateStore(windows);
        context.addStateStore(published);
        publisher.init(context);
    }

    @Test
    void aSubjectIsPrunedOnlyAfterItsLastChangesArePublished() {
        UsageWindows entry = new UsageWindows().add(one(T0));
        windows.put("k1", ValueAndTimestamp.make(entry, T0));
        publisher.process(new Record<>("k1", entry, T0));
        assertThat(context.forwarded()).hasSize(3);
        context.resetForwards();

        entry.add(one(T0 + 1)); // counted, still in the cache when the pruning runs
        windows.put("k1", ValueAndTimestamp.make(entry, T0 + 1));
        context.setCurrentStreamTimeMs(T0 + Duration.ofDays(2).toMillis());
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0);

        List<UsageAggregate> out = context.forwarded().stream().map(f -> (UsageAggregate) f.record().value()).toList();
        assertThat(out).hasSize(3).allSatisfy(a -> assertThat(a.requests()).isEqualTo(2));
        assertThat(windows.get("k1")).isNull();
        assertThat(published.get("k1")).isNull();
    }

    @Test
    void aSubjectWithAWindowStillOpenStays() {
        UsageWindows entry = new UsageWindows().add(one(T0));
        windows.put("k1", ValueAndTimestamp.make(entry, T0));
        publisher.process(new Record<>("k1", entry, T0));
        context.resetForwards();

        context.setCurrentStreamTimeMs(T0 + Duration.ofHours(2).toMillis()); // the day is still open
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0);

        assertThat(context.forwarded()).isEmpty();
        assertThat(windows.get("k1")).isNotNull();
        assertThat(published.get("k1")).isEqualTo(1L);
    }

    private static Counts one(long at) {
        Counts counts = new Counts();
        counts.byCode[VerificationCode.VALID.ordinal()]++;
        counts.lastAt = at;
        return counts;
    }
}
