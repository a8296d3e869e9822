package io.keyledger.query.keys;

import com.mongodb.client.model.Updates;
import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyExpiryWarningIssuedEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.query.projections.MongoWrites;
import io.keyledger.query.projections.Projections;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects key events into the {@value KeyDocuments#COLLECTION} collection. Every write is
 * "set these fields if the document's sequence is below this event's" ({@link MongoWrites}): a
 * replayed or duplicated event leaves the document as it is.
 */
@ProcessingGroup(Projections.KEYS)
class KeyProjection {

    private static final Logger log = LoggerFactory.getLogger(KeyProjection.class);

    private final MongoWrites writes;

    KeyProjection(MongoWrites keyWrites) {
        this.writes = keyWrites;
    }

    @EventHandler
    void on(ApiKeyCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(ApiKeyUpdatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(ApiKeyRotatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(ApiKeyPreviousSecretRetiredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(ApiKeyDisabledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(ApiKeyEnabledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(ApiKeyRevokedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(ApiKeyExpiredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(ApiKeyExpiryWarningIssuedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    /**
     * A rebuild keeps the documents (the API keeps answering from them) and lowers their
     * sequence below any event's, so the replay overwrites each one with what the events say.
     * {@code lastUsed} comes from the attempt stream, not from events, and is kept.
     */
    @ResetHandler
    void reset() {
        long reset = writes.collection()
                .updateMany(new Document(), Updates.set(KeyDocuments.SEQUENCE, -1L))
                .getModifiedCount();
        log.info("projection {} reset: {} key documents will be rewritten from the first event", Projections.KEYS, reset);
    }

    private void apply(String keyId, Object event, long sequence, Instant at) {
        writes.write(new MongoWrites.Write(keyId, sequence, KeyDocuments.changes(event, sequence, at),
                KeyDocuments.creates(event)));
    }
}
