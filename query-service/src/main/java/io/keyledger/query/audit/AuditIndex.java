package io.keyledger.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.keyledger.query.keys.KeyDocuments;
import io.keyledger.query.projections.Dates;
import io.keyledger.query.projections.Projections;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;

/**
 * The query side's index of the event store for the audit export (issue 12 item 7): for each
 * organization and UTC day, the keys that had an event that day. One document per organization
 * and day in the {@value #COLLECTION} collection, {@code {_id: "<org>|<yyyy-mm-dd>", organizationId,
 * day, keys: [..]}}, so an export of one organization's period reads the index by {@code _id}
 * (one id per day) and then only those keys' events from the event store.
 *
 * <p>Maintained by its own tracking processing group ({@value Projections#AUDIT_INDEX}); the
 * writes are {@code $addToSet} upserts, so a replayed event (a rebuild, a batch handled again
 * after a crash) leaves the same document. A batch's writes go out together, once its last event
 * has been handled, before the processor stores its token (as {@code MongoWrites} does for the
 * read model). Known limit: one document holds one organization-day's distinct keys, so
 * MongoDB's 16 MB document limit caps that at roughly 300,000 keys with events on one day.
 */
@ProcessingGroup(Projections.AUDIT_INDEX)
class AuditIndex {

    static final String COLLECTION = "audit_index";
    private static final String BATCH = AuditIndex.class.getName() + "#batch";

    private final MongoCollection<Document> index;

    AuditIndex(MongoCollection<Document> index) {
        this.index = index;
    }

    @EventHandler
    void on(Object payload, DomainEventMessage<?> event) {
        String organization = KeyDocuments.organizationOf(payload);
        if (organization == null) {
            return;
        }
        record(organization, event.getAggregateIdentifier(), event.getTimestamp());
    }

    /** Notes that key {@code keyId} of {@code organizationId} had an event at {@code at}. */
    void record(String organizationId, String keyId, Instant at) {
        if (CurrentUnitOfWork.isStarted()) {
            Map<String, Set<String>> batch = CurrentUnitOfWork.get().root()
                    .getOrComputeResource(BATCH, k -> new LinkedHashMap<>());
            batch.computeIfAbsent(id(organizationId, day(at)), k -> new LinkedHashSet<>()).add(keyId);
        } else {
            write(Map.of(id(organizationId, day(at)), Set.of(keyId)));
        }
    }

    /** Sends the writes of a batch once its last event has been handled. */
    MessageHandlerInterceptor<EventMessage<?>> batching() {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (!(unitOfWork instanceof BatchingUnitOfWork<?> batching) || batching.isLastMessage()) {
                Map<String, Set<String>> batch = unitOfWork.root().getResource(BATCH);
                if (batch != null && !batch.isEmpty()) {
                    write(batch);
                    batch.clear();
                }
            }
            return result;
        };
    }

    /** Writes many days' keys in one bulk write: used by the processor and to load an index at once. */
    void write(Map<String, Set<String>> keysById) {
        List<WriteModel<Document>> writes = new ArrayList<>(keysById.size());
        keysById.forEach((id, keys) -> {
            int bar = id.lastIndexOf('|');
            LocalDate day = LocalDate.parse(id.substring(bar + 1));
            writes.add(new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(
                    Updates.setOnInsert("organizationId", id.substring(0, bar)),
                    Updates.setOnInsert("day", new Date(day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli())),
                    Updates.addEachToSet("keys", new ArrayList<>(keys))), new UpdateOptions().upsert(true)));
        });
        if (!writes.isEmpty()) {
            index.bulkWrite(writes);
        }
    }

    /** The keys of {@code organizationId} with an event on each UTC day of {@code [from, to)}, by day. */
    Map<LocalDate, List<String>> keysByDay(String organizationId, Instant from, Instant to) {
        List<String> ids = new ArrayList<>();
        for (LocalDate day = day(from); day.atStartOfDay().toInstant(ZoneOffset.UTC).isBefore(to); day = day.plusDays(1)) {
            ids.add(id(organizationId, day));
        }
        Map<LocalDate, List<String>> byDay = new java.util.TreeMap<>();
        for (Document doc : index.find(Filters.in("_id", ids))) {
            String id = doc.getString("_id");
            byDay.put(LocalDate.parse(id.substring(id.lastIndexOf('|') + 1)), doc.getList("keys", String.class));
        }
        return byDay;
    }

    static String id(String organizationId, LocalDate day) {
        return organizationId + "|" + day;
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(Dates.clamp(at), ZoneOffset.UTC);
    }
}
