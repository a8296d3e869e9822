package io.keyledger.query.keys;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyExpiryWarningIssuedEvent;
import io.keyledger.api.keys.ApiKeyRenewedEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.query.projections.MongoWrites;
import io.keyledger.query.projections.Projections;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;

/**
 * Projects key events into the {@value KeyDocuments#COLLECTION} collection. Every write is
 * "set these fields if the document's sequence is below this event's" ({@link MongoWrites}): a
 * replayed or duplicated event leaves the document as it is. A rebuild replays a key's creation
 * over whatever document there is ({@link MongoWrites.Kind#RECREATE}): the documents stay until the
 * replay reaches them, and {@code lastUsed} (from the attempt stream, not from events) survives.
 */
@ProcessingGroup(Projections.KEYS)
class KeyProjection {

    private final MongoWrites writes;

    KeyProjection(MongoWrites keyWrites) {
        this.writes = keyWrites;
    }

    @EventHandler
    void on(ApiKeyCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at, ReplayStatus replay) {
        writes.write(new MongoWrites.Write(event.keyId(), sequence, KeyDocuments.changes(event, sequence, at),
                replay.isReplay() ? MongoWrites.Kind.RECREATE : MongoWrites.Kind.CREATE));
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

    @EventHandler
    void on(ApiKeyRenewedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(io.keyledger.api.credits.ApiKeyCreditsChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(io.keyledger.api.credits.ApiKeyCreditsLeasedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    @EventHandler
    void on(io.keyledger.api.keys.ApiKeyMetaChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.keyId(), event, sequence, at);
    }

    private void apply(String keyId, Object event, long sequence, Instant at) {
        writes.write(new MongoWrites.Write(keyId, sequence, KeyDocuments.changes(event, sequence, at),
                MongoWrites.Kind.CHANGE));
    }
}
