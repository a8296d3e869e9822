package io.keyledger.query.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;

/** Turns stored events into {@link AuditEntry}s. */
final class AuditEntries {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json;

    AuditEntries(ObjectMapper json) {
        this.json = json;
    }

    AuditEntry of(EventMessage<?> event) {
        Long globalIndex = event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                ? tracked.trackingToken().position().stream().boxed().findFirst().orElse(null) : null;
        return of(globalIndex,
                event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null,
                event instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : 0,
                event.getTimestamp(), event.getPayload(), event.getMetaData());
    }

    /** The same from an event's stored parts (the export reads them straight from the local store). */
    AuditEntry of(Long globalIndex, String aggregateId, long sequence, java.time.Instant at, Object eventPayload,
                  MetaData meta) {
        Map<String, Object> payload = json.convertValue(eventPayload, MAP);
        // no digest of a secret leaves the service, whatever the event carries
        payload.keySet().removeIf(field -> field.endsWith("_hash") || field.endsWith("Hash"));
        String keyId = aggregateId != null ? aggregateId : string(payload.get("key_id"));
        return new AuditEntry(globalIndex,
                sequence,
                type(eventPayload.getClass()),
                at,
                keyId,
                string(payload.get("organization_id")),
                metadata(meta, "actor", "actor"),
                metadata(meta, "client_ip", "clientIp"),
                metadata(meta, "user_agent", "userAgent"),
                metadata(meta, "correlation_id", "correlationId"),
                payload);
    }

    /** {@code ApiKeyRevokedEvent} → {@code ApiKeyRevoked}: the fact, as DESIGN.md names it. */
    static String type(Class<?> payloadType) {
        String name = payloadType.getSimpleName();
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }

    /**
     * command-service writes snake_case metadata keys (shared-events' EventMetadata); the
     * camelCase spelling is read too, for events written before that was settled.
     */
    private static String metadata(MetaData meta, String key, String alternative) {
        Object value = meta.get(key);
        if (value == null) {
            value = meta.get(alternative);
        }
        return value == null ? null : value.toString();
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
