package io.keyledger.query.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/** Reads the events of a few keys in a period, for the export; the keys come from {@link AuditIndex}. */
interface PeriodEvents {

    /** The events of {@code keyIds} with {@code from <= occurred_at < to}, in the store's order. */
    List<AuditEntry> read(Collection<String> keyIds, Instant from, Instant to);

    /**
     * Through {@link EventStore#readEvents} (Axon Server): each key's stream read, its events of the
     * period kept, ordered by time. No global index with this reader.
     */
    static PeriodEvents of(EventStore eventStore, AuditEntries entries) {
        return (keyIds, from, to) -> {
            List<AuditEntry> events = new ArrayList<>();
            for (String keyId : keyIds) {
                DomainEventStream stream = eventStore.readEvents(keyId);
                while (stream.hasNext()) {
                    DomainEventMessage<?> event = stream.next();
                    Instant at = event.getTimestamp();
                    if (!at.isBefore(to)) {
                        break;
                    }
                    if (!at.isBefore(from)) {
                        events.add(entries.of(event));
                    }
                }
            }
            events.sort(Comparator.comparing(AuditEntry::occurredAt).thenComparing(AuditEntry::keyId)
                    .thenComparingLong(AuditEntry::sequence));
            return events;
        };
    }
}
