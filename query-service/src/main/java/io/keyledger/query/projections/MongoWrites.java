package io.keyledger.query.projections;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;

/**
 * A projection's writes into one collection: each sets fields of the document with a given id
 * and carries the sequence of the event it comes from; a document only takes writes of a higher
 * sequence than the one it holds, so a replayed or duplicated event changes nothing.
 *
 * <p>A tracking processor hands its handlers a batch of events in one {@link BatchingUnitOfWork}.
 * Where {@link #batching()} intercepts the handlers (every projection group, see
 * {@code ProjectionConfiguration}), the writes of a batch are buffered and, once the batch's last
 * event has been handled, sent as one read of the stored sequences and one ordered bulk write per
 * collection. That happens inside the handling of the last event, so before the processor stores
 * its token when the batch commits: a failed flush fails the batch, which is handled again, and
 * never leaves a token ahead of the documents. Anywhere else (plain-object tests) each write goes
 * out at once.
 *
 * <p>The sequence check happens here, not in the update's filter: mongo-java-server (the local
 * stand-in) uses an index only for a filter on {@code _id} alone and scans the collection for
 * anything more, which made a rebuild quadratic. Checking here is safe because a key's events
 * are handled by one processor segment at a time: the document has a single writer of its
 * sequence (the usage sink only raises {@code lastUsed}).
 */
public final class MongoWrites {

    private static final int DUPLICATE_KEY = 11000;
    /** Unit-of-work resource: the writes buffered in the current batch, per collection. */
    private static final String BATCH = MongoWrites.class.getName() + "#batch";

    /** Set {@code fields} on document {@code id} if it holds a sequence below {@code sequence} (see {@link Kind}). */
    public record Write(String id, long sequence, Document fields, Kind kind) {
    }

    /** Which documents a write applies to. */
    public enum Kind {
        /** An existing document that holds a lower sequence. */
        CHANGE,
        /** A missing document (created), or one that holds a lower sequence. */
        CREATE,
        /**
         * Whatever document there is, whatever sequence it holds: the first event of a document
         * replayed by a rebuild. The documents stay as they are until the replay reaches them (the
         * API keeps answering from them), and the replay then rewrites each from its first event on.
         */
        RECREATE
    }

    private final MongoCollection<Document> collection;
    private final String sequenceField;

    public MongoWrites(MongoCollection<Document> collection, String sequenceField) {
        this.collection = collection;
        this.sequenceField = sequenceField;
    }

    public MongoCollection<Document> collection() {
        return collection;
    }

    public void write(Write write) {
        Map<MongoWrites, List<Write>> batch = CurrentUnitOfWork.map(u -> u.root().<Map<MongoWrites, List<Write>>>getResource(BATCH))
                .orElse(null);
        if (batch == null) {
            apply(List.of(write));
        } else {
            batch.computeIfAbsent(this, w -> new ArrayList<>()).add(write);
        }
    }

    /**
     * Buffers the writes of a processor's batch and sends them after its last event's handlers
     * returned, within the handling of that event: before the processor's prepare-commit, where it
     * stores its token.
     */
    public static MessageHandlerInterceptor<EventMessage<?>> batching() {
        return (unitOfWork, chain) -> {
            Map<MongoWrites, List<Write>> batch = unitOfWork.root().getOrComputeResource(BATCH, k -> new LinkedHashMap<>());
            Object result = chain.proceed();
            if (!(unitOfWork instanceof BatchingUnitOfWork<?> batching) || batching.isLastMessage()) {
                batch.forEach(MongoWrites::apply);
                batch.clear();
            }
            return result;
        };
    }

    /**
     * One read of the stored sequences, then one update per document: the writes to one document
     * are merged into one {@code $set} in their order, which leaves it as the writes one by one
     * would (a rebuild replays a key's whole life in a few batches).
     */
    private void apply(List<Write> writes) {
        Set<String> ids = new LinkedHashSet<>();
        writes.forEach(w -> ids.add(w.id()));
        Map<String, Long> stored = new HashMap<>();
        for (Document doc : collection.find(Filters.in("_id", ids)).projection(Projections.include(sequenceField))) {
            Number sequence = doc.get(sequenceField, Number.class);
            stored.put(doc.getString("_id"), sequence == null ? -1L : sequence.longValue());
        }
        Map<String, Update> updates = new LinkedHashMap<>();
        for (Write w : writes) {
            Long current = stored.get(w.id());
            if (w.kind() != Kind.RECREATE && (current == null ? w.kind() == Kind.CHANGE : current >= w.sequence())) {
                continue;
            }
            stored.put(w.id(), w.sequence());
            Document set = updates.computeIfAbsent(w.id(), id -> new Update(new Document(), w.kind() != Kind.CHANGE)).set();
            set.putAll(w.fields());
            set.append(sequenceField, w.sequence());
        }
        if (!updates.isEmpty()) {
            flush(collection, updates.entrySet().stream()
                    .map(e -> new UpdateOneModel<Document>(Filters.eq("_id", e.getKey()),
                            new Document("$set", e.getValue().set()), new UpdateOptions().upsert(e.getValue().upsert())))
                    .toList());
        }
    }

    /** The merged {@code $set} of one document; an upsert when its first write may create it. */
    private record Update(Document set, boolean upsert) {
    }

    /**
     * An ordered bulk write that skips writes refused as duplicates: an upsert racing another
     * writer's insert of the same id, which then holds the newer state.
     */
    public static void flush(MongoCollection<Document> collection, List<? extends WriteModel<Document>> writes) {
        List<? extends WriteModel<Document>> rest = writes;
        while (!rest.isEmpty()) {
            try {
                collection.bulkWrite(rest, new BulkWriteOptions().ordered(true));
                return;
            } catch (MongoBulkWriteException e) {
                BulkWriteError first = e.getWriteErrors().isEmpty() ? null : e.getWriteErrors().get(0);
                if (first == null || first.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                rest = rest.subList(first.getIndex() + 1, rest.size());
            }
        }
    }
}
