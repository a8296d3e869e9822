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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;

/**
 * A projection's writes into one collection: each sets fields of the document with a given id
 * and carries the sequence of the event it comes from; a document only takes writes of a higher
 * sequence than the one it holds, so a replayed or duplicated event changes nothing.
 *
 * <p>A tracking processor hands its handlers a batch of events in one {@link BatchingUnitOfWork}.
 * The writes of a batch are buffered and, while the batch's last event is handled (before the
 * processor stores its token in the prepare-commit phase), sent as one read of the stored
 * sequences and one ordered bulk write: a failed flush fails the batch, which is retried, and
 * never leaves a token ahead of the documents. Outside a unit of work (plain-object tests) each
 * write goes out at once.
 *
 * <p>The sequence check happens here, not in the update's filter: mongo-java-server (the local
 * stand-in) uses an index only for a filter on {@code _id} alone and scans the collection for
 * anything more, which made a rebuild quadratic. Checking here is safe because a key's events
 * are handled by one processor segment at a time: the document has a single writer of its
 * sequence (the usage sink only raises {@code lastUsed}).
 */
public final class MongoWrites {

    private static final int DUPLICATE_KEY = 11000;

    /** Set {@code fields} on document {@code id} if it holds a sequence below {@code sequence}. */
    public record Write(String id, long sequence, Document fields, boolean upsert) {
    }

    private final MongoCollection<Document> collection;
    private final String sequenceField;
    private final String resourceKey;

    public MongoWrites(MongoCollection<Document> collection, String sequenceField) {
        this.collection = collection;
        this.sequenceField = sequenceField;
        this.resourceKey = MongoWrites.class.getName() + "#" + collection.getNamespace().getFullName();
    }

    public MongoCollection<Document> collection() {
        return collection;
    }

    public void write(Write write) {
        if (!CurrentUnitOfWork.isStarted()) {
            apply(List.of(write));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<Write> pending = unitOfWork.root().getOrComputeResource(resourceKey, key -> {
            List<Write> buffer = new ArrayList<>();
            // safety net for a batch whose last event went to another handler class of the group
            unitOfWork.root().onPrepareCommit(u -> flushPending(buffer));
            return buffer;
        });
        pending.add(write);
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
            flushPending(pending);
        }
    }

    private void flushPending(List<Write> pending) {
        if (!pending.isEmpty()) {
            apply(List.copyOf(pending));
            pending.clear();
        }
    }

    private void apply(List<Write> writes) {
        Set<String> ids = new LinkedHashSet<>();
        writes.forEach(w -> ids.add(w.id()));
        Map<String, Long> stored = new HashMap<>();
        for (Document doc : collection.find(Filters.in("_id", ids)).projection(Projections.include(sequenceField))) {
            Number sequence = doc.get(sequenceField, Number.class);
            stored.put(doc.getString("_id"), sequence == null ? -1L : sequence.longValue());
        }
        List<WriteModel<Document>> updates = new ArrayList<>(writes.size());
        for (Write w : writes) {
            Long current = stored.get(w.id());
            if (current == null ? !w.upsert() : current >= w.sequence()) {
                continue;
            }
            stored.put(w.id(), w.sequence());
            updates.add(new UpdateOneModel<>(Filters.eq("_id", w.id()),
                    new Document("$set", new Document(w.fields()).append(sequenceField, w.sequence())),
                    new UpdateOptions().upsert(w.upsert())));
        }
        if (!updates.isEmpty()) {
            flush(collection, updates);
        }
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
