package io.keyledger.query.projections;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;

/**
 * Writes of a projection into one collection, sent as one ordered bulk write per event batch.
 *
 * <p>A tracking processor hands its handlers a batch of events in one {@link BatchingUnitOfWork};
 * one round trip per batch instead of one per event is what makes a rebuild fast. The buffer is
 * flushed while the batch's last event is handled, that is before the processor stores its
 * token in the prepare-commit phase: a failed flush fails the batch, which is then retried, and
 * never leaves a token ahead of the documents. Outside a unit of work (plain-object tests) each
 * write goes out at once.
 *
 * <p>Every write is guarded by the event sequence it carries, so a replayed event is a no-op.
 * An upsert whose guard does not match an existing document fails with a duplicate key: that
 * is the "already applied" answer, and the rest of the batch carries on.
 */
public final class MongoWrites {

    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> collection;
    private final String resourceKey;

    public MongoWrites(MongoCollection<Document> collection) {
        this.collection = collection;
        this.resourceKey = MongoWrites.class.getName() + "#" + collection.getNamespace().getFullName();
    }

    public MongoCollection<Document> collection() {
        return collection;
    }

    public void write(WriteModel<Document> write) {
        if (!CurrentUnitOfWork.isStarted()) {
            flush(collection, List.of(write));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<WriteModel<Document>> pending = unitOfWork.root().getOrComputeResource(resourceKey, key -> {
            List<WriteModel<Document>> buffer = new ArrayList<>();
            // safety net for a batch whose last event went to another handler class of the group
            unitOfWork.root().onPrepareCommit(u -> flushPending(buffer));
            return buffer;
        });
        pending.add(write);
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
            flushPending(pending);
        }
    }

    private void flushPending(List<WriteModel<Document>> pending) {
        if (!pending.isEmpty()) {
            flush(collection, List.copyOf(pending));
            pending.clear();
        }
    }

    /** An ordered bulk write that skips the writes refused as duplicates (already applied). */
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
