package io.keyledger.command.webhooks;

import io.keyledger.api.webhooks.WebhookEndpointCreatedEvent;
import io.keyledger.api.webhooks.WebhookEndpointDeletedEvent;
import io.keyledger.api.webhooks.WebhookEndpointDisabledEvent;
import io.keyledger.api.webhooks.WebhookEndpointUpdatedEvent;
import io.keyledger.api.webhooks.WebhookSecretRotatedEvent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code webhook_endpoint} table: a subscribing processor, so the row is written in the unit
 * of work — and the transaction — that stores the endpoint's event (the API reads its own
 * writes; the limit per organization is checked against committed rows). Like
 * {@code secret-registry}, its failure fails the command, so it has no dead-letter queue.
 * Deleted endpoints keep their row ({@code deleted}), so that a second DELETE is still 204 and
 * the deliveries log stays readable by admins; the list and the sender skip them.
 */
@Component
@ProcessingGroup(EndpointTable.PROCESSING_GROUP)
class EndpointTable {

    static final String PROCESSING_GROUP = "webhook-endpoints";

    @PersistenceContext
    private EntityManager entityManager;

    private final int maxPerOrganization;

    EndpointTable(WebhookProperties properties) {
        this.maxPerOrganization = properties.maxPerOrganization();
    }

    @EventHandler
    void on(WebhookEndpointCreatedEvent event, @Timestamp Instant at) {
        if (entityManager.find(EndpointRow.class, event.webhookId()) != null) {
            return;
        }
        // the controller checked too; this catches creations that raced past it in one instance's commit order
        if (count(event.organizationId()) >= maxPerOrganization) {
            throw new WebhookNotDeliverableException(limitMessage(maxPerOrganization));
        }
        EndpointRow row = new EndpointRow();
        row.id = event.webhookId();
        row.organizationId = event.organizationId();
        row.url = event.url();
        row.events = String.join(" ", event.events());
        row.description = event.description();
        row.enabled = true;
        row.createdAt = at;
        row.sealedSecret = event.encryptedSecret();
        entityManager.persist(row);
    }

    @EventHandler
    void on(WebhookEndpointUpdatedEvent event) {
        row(event.webhookId()).ifPresent(row -> {
            row.url = event.url();
            row.events = String.join(" ", event.events());
            row.description = event.description();
            if (event.enabled() && !row.enabled) {
                row.failingSince = null;
                row.disabledAt = null;
            }
            row.enabled = event.enabled();
        });
    }

    @EventHandler
    void on(WebhookSecretRotatedEvent event) {
        row(event.webhookId()).ifPresent(row -> {
            row.previousSealedSecret = row.sealedSecret;
            row.previousValidUntil = event.previousValidUntil();
            row.sealedSecret = event.encryptedSecret();
        });
    }

    @EventHandler
    void on(WebhookEndpointDisabledEvent event, @Timestamp Instant at) {
        row(event.webhookId()).ifPresent(row -> {
            row.enabled = false;
            row.disabledAt = at;
        });
    }

    @EventHandler
    void on(WebhookEndpointDeletedEvent event) {
        row(event.webhookId()).ifPresent(row -> {
            row.deleted = true;
            row.enabled = false;
            // nothing needs the secrets of a deleted endpoint any more
            row.previousSealedSecret = null;
            row.sealedSecret = "";
        });
    }

    private Optional<EndpointRow> row(String id) {
        return Optional.ofNullable(entityManager.find(EndpointRow.class, id));
    }

    static String limitMessage(int max) {
        return "an organization holds at most " + max + " webhook endpoints (keyledger.webhooks.max-per-organization)";
    }

    @Transactional(readOnly = true)
    public long count(String organizationId) {
        return entityManager.createQuery("select count(e) from EndpointRow e where e.organizationId = :org and e.deleted = false",
                Long.class).setParameter("org", organizationId).getSingleResult();
    }

    @Transactional(readOnly = true)
    public Optional<EndpointRow> find(String id) {
        return row(id);
    }

    @Transactional(readOnly = true)
    public List<EndpointRow> of(String organizationId) {
        return entityManager.createQuery("select e from EndpointRow e where e.organizationId = :org and e.deleted = false "
                + "order by e.createdAt, e.id", EndpointRow.class).setParameter("org", organizationId).getResultList();
    }

    /** The endpoints an event of {@code organizationId} at {@code at} is delivered to: enabled, existing then, wanting it. */
    List<EndpointRow> subscribers(String organizationId, String type, Instant at) {
        return entityManager.createQuery("select e from EndpointRow e where e.organizationId = :org and e.enabled = true "
                        + "and e.deleted = false and e.createdAt <= :at", EndpointRow.class)
                .setParameter("org", organizationId).setParameter("at", at).getResultList()
                .stream().filter(e -> e.wants(type)).toList();
    }
}
