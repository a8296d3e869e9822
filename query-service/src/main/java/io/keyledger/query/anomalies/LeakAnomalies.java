package io.keyledger.query.anomalies;

import io.keyledger.api.keys.ApiKeyLeakReportedEvent;
import io.keyledger.query.projections.Projections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;

/**
 * The {@code key_leaked} anomaly: one per leak report that matched a working secret
 * ({@link ApiKeyLeakReportedEvent}), with the report's source as evidence. It comes from the event
 * store, where the report is recorded, not from the attempt stream. The handler belongs to the
 * key read model's processing group ({@value Projections#KEYS}): its token, dead-letter queue and
 * rebuild; the anomaly's id is fixed by the event, so a replay upserts the same document.
 */
@ProcessingGroup(Projections.KEYS)
class LeakAnomalies {

    private final AnomalyStore store;

    LeakAnomalies(AnomalyStore store) {
        this.store = store;
    }

    @EventHandler
    void on(ApiKeyLeakReportedEvent event, DomainEventMessage<?> message) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("source_url", event.sourceUrl());
        evidence.put("reporter", event.reporter());
        evidence.put("secret", lower(event.secret()));
        evidence.put("action", lower(event.action()));
        Object ip = message.getMetaData().get(io.keyledger.api.EventMetadata.CLIENT_IP);
        evidence.put("reported_from", ip == null ? null : ip.toString());
        store.put(List.of(new Anomaly(AnomalyType.KEY_LEAKED + "|" + event.keyId() + "|" + message.getIdentifier(),
                AnomalyType.KEY_LEAKED, event.keyId(), event.organizationId(), event.keyId(), message.getTimestamp(),
                message.getTimestamp(), message.getTimestamp(), evidence)));
    }

    private static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }
}
