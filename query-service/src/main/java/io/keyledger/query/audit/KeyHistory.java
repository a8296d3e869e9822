package io.keyledger.query.audit;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.query.keys.KeyDocuments;
import io.keyledger.query.keys.KeyRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;

/**
 * A key's history read straight from the event store (never from the read model): its events,
 * and its state at an instant rebuilt by applying its events up to that instant with the same
 * changes the projection applies ({@link KeyDocuments#changes}).
 */
class KeyHistory {

    private final EventStore eventStore;
    private final AuditEntries entries;
    /** The local JDBC store's direct reader, {@code null} with Axon Server. */
    private final LocalKeyEvents localEvents;

    KeyHistory(EventStore eventStore, AuditEntries entries, LocalKeyEvents localEvents) {
        this.eventStore = eventStore;
        this.entries = entries;
        this.localEvents = localEvents;
    }

    /** The key's events, oldest first; empty when the key does not exist in {@code organizationId}. */
    List<AuditEntry> events(String organizationId, String keyId) {
        return events(organizationId, keyId, false);
    }

    /**
     * A key request's events (submitted, approved or denied with the approver as actor and the
     * note, expired, claimed), oldest first; empty when no such request exists in {@code organizationId}.
     */
    List<AuditEntry> requestEvents(String organizationId, String requestId) {
        return events(organizationId, requestId, true);
    }

    private List<AuditEntry> events(String organizationId, String keyId, boolean request) {
        DomainEventStream stream = eventStore.readEvents(keyId);
        List<AuditEntry> history = new ArrayList<>();
        boolean first = true;
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (first && !(request ? isRequestOf(event, organizationId) : belongsTo(event, organizationId))) {
                return List.of();
            }
            first = false;
            history.add(entries.of(event));
        }
        return history;
    }

    /**
     * The key as it stood at {@code at}: every event with a timestamp at or before it applied in
     * order. Empty when the key did not exist yet, or belongs to another organization. Reading
     * stops at the first later event, so an old instant costs only the events before it.
     */
    Optional<KeyRecord> stateAt(String organizationId, String keyId, Instant at) {
        if (localEvents != null) {
            return localStateAt(organizationId, keyId, at);
        }
        DomainEventStream stream = eventStore.readEvents(keyId);
        Document state = null;
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getTimestamp().isAfter(at)) {
                break;
            }
            Object payload = event.getPayload();
            if (state == null) {
                if (!belongsTo(event, organizationId)) {
                    return Optional.empty();
                }
                state = new Document("_id", keyId);
            }
            if (KeyDocuments.isKeyEvent(payload)) {
                state.putAll(KeyDocuments.changes(payload, event.getSequenceNumber(), event.getTimestamp()));
            }
        }
        return Optional.ofNullable(state).map(KeyDocuments::toRecord);
    }

    /**
     * The local store's replay applies only the events that decide a field: which fields an event
     * sets depends on its type alone ({@link KeyDocuments#changes}), so the last event of each type
     * up to {@code at} leaves the same document as all of them, and only those few payloads are
     * read and deserialized.
     */
    private Optional<KeyRecord> localStateAt(String organizationId, String keyId, Instant at) {
        List<LocalKeyEvents.Header> headers = localEvents.headersUntil(keyId, at);
        if (headers.isEmpty()) {
            return Optional.empty();
        }
        List<LocalKeyEvents.Header> deciding = deciding(headers);
        Map<Long, Object> payloads = localEvents.payloads(keyId, deciding.stream().map(LocalKeyEvents.Header::sequence).toList());
        // the first event is the creation, the only one of its type: always among the deciding ones
        if (!(payloads.get(headers.get(0).sequence()) instanceof ApiKeyCreatedEvent created
                && organizationId.equals(created.organizationId()))) {
            return Optional.empty();
        }
        Document state = new Document("_id", keyId);
        for (LocalKeyEvents.Header header : deciding) {
            Object payload = payloads.get(header.sequence());
            if (KeyDocuments.isKeyEvent(payload)) {
                state.putAll(KeyDocuments.changes(payload, header.sequence(), header.timestamp()));
            }
        }
        return Optional.of(KeyDocuments.toRecord(state));
    }

    /** The last event of each type, in their order. */
    static List<LocalKeyEvents.Header> deciding(List<LocalKeyEvents.Header> headers) {
        Map<String, LocalKeyEvents.Header> lastOfType = new HashMap<>();
        headers.forEach(h -> lastOfType.put(h.type(), h));
        return headers.stream().filter(h -> lastOfType.get(h.type()) == h).toList();
    }

    private static boolean isRequestOf(DomainEventMessage<?> firstEvent, String organizationId) {
        return firstEvent.getPayload() instanceof io.keyledger.api.requests.KeyRequestSubmittedEvent submitted
                && organizationId.equals(submitted.organizationId());
    }

    private static boolean belongsTo(DomainEventMessage<?> firstEvent, String organizationId) {
        return firstEvent.getPayload() instanceof ApiKeyCreatedEvent created
                && organizationId.equals(created.organizationId());
    }
}
