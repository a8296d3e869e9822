package io.keyledger.command.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.api.EventMetadata;
import io.keyledger.api.webhooks.WebhookTestRequestedEvent;
import io.keyledger.command.keys.KeyRecords;
import io.keyledger.command.keys.KeyState;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Turns events into deliveries: a tracking processor over the event store whose token lives in
 * the service's database, so each delivery row is inserted in the transaction that moves the
 * token past its event — after a crash either both happened or neither (at least once, never
 * planned twice; a replayed event finds its row by id and adds nothing). Which events become
 * which types is {@link WebhookEventTypes}; an event goes to the endpoints of its organization
 * that were enabled, existed when it happened and want its type. The group has Axon's dead-letter
 * queue like every other: an event that cannot be planned is parked, the others go on.
 */
@Component
@ProcessingGroup(DeliveryPlanner.PROCESSING_GROUP)
class DeliveryPlanner {

    static final String PROCESSING_GROUP = "webhook-deliveries";

    @PersistenceContext
    private EntityManager entityManager;

    private final EndpointTable endpoints;
    private final KeyRecords keys;
    private final ObjectMapper mapper;
    private final DeliverySender sender;

    DeliveryPlanner(EndpointTable endpoints, KeyRecords keys, ObjectMapper mapper, DeliverySender sender) {
        this.endpoints = endpoints;
        this.keys = keys;
        this.mapper = mapper;
        this.sender = sender;
    }

    @EventHandler
    void on(WebhookTestRequestedEvent event, EventMessage<?> message) {
        endpoints.find(event.webhookId()).filter(e -> e.enabled && !e.deleted).ifPresent(endpoint -> {
            ObjectNode data = mapper.createObjectNode().put("webhook_id", event.webhookId());
            plan(List.of(endpoint), message, WebhookEventTypes.TEST, event.organizationId(), data);
        });
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        Optional<WebhookEventTypes.Mapping<?>> found = WebhookEventTypes.of(payload.getClass());
        if (found.isEmpty()) {
            return;
        }
        WebhookEventTypes.Mapping<?> mapping = found.get();
        String keyId = WebhookEventTypes.keyIdOf(mapping, payload);
        String organizationId;
        ObjectNode data;
        if (keyId != null) {
            long sequence = message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : Long.MAX_VALUE;
            Optional<KeyState> key = keys.asOf(keyId, sequence);
            if (key.isEmpty()) {
                return;
            }
            organizationId = key.get().organizationId();
            data = mapper.valueToTree(key.get());
            Object detail = WebhookEventTypes.detailOf(mapping, payload);
            if (detail != null) {
                data.set(mapping.detailName(), mapper.valueToTree(detail));
            }
        } else {
            organizationId = WebhookEventTypes.organizationOf(mapping, payload);
            data = mapper.valueToTree(payload);
        }
        List<EndpointRow> targets = endpoints.subscribers(organizationId, mapping.type(), message.getTimestamp());
        if (!targets.isEmpty()) {
            plan(targets, message, mapping.type(), organizationId, data);
        }
    }

    /** Also the anomaly feed's way in: one row per endpoint, keyed by (event, endpoint). */
    void plan(List<EndpointRow> targets, EventMessage<?> message, String type, String organizationId, ObjectNode data) {
        Object actor = message.getMetaData().get(EventMetadata.ACTOR);
        data.put("actor", actor == null ? EventMetadata.SYSTEM_ACTOR : actor.toString());
        insert(targets, message.getIdentifier(), message.getTimestamp(), type, organizationId, data);
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.afterCommit(u -> sender.wake()));
    }

    void insert(List<EndpointRow> targets, String eventId, Instant occurredAt, String type, String organizationId,
                ObjectNode data) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", eventId);
        body.put("type", type);
        body.put("occurred_at", occurredAt.toString());
        body.put("organization_id", organizationId);
        body.set("data", data);
        String payload;
        try {
            payload = mapper.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a webhook payload could not be written", e);
        }
        for (EndpointRow endpoint : targets) {
            String id = deliveryId(eventId, endpoint.id);
            if (entityManager.find(DeliveryRow.class, id) == null) {
                entityManager.persist(new DeliveryRow(id, endpoint.id, organizationId, eventId, type, payload, Instant.now()));
            }
        }
    }

    /** The {@code webhook-id}: the same for every attempt, and for a replay of the same event to the same endpoint. */
    static String deliveryId(String eventId, String webhookId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((eventId + "|" + webhookId).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
