package io.keyledger.command.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One message to one endpoint: written by {@link DeliveryPlanner} in the unit of work that
 * advances its token (so none is lost or planned twice), sent and resent by {@link DeliverySender}
 * until a 2xx or the retry period ends. The id is the {@code webhook-id} of every attempt.
 * The payload holds no secret.
 */
@Entity
@Table(name = "webhook_delivery", indexes = {
        @Index(name = "webhook_delivery_due", columnList = "status, nextAttemptAt"),
        @Index(name = "webhook_delivery_endpoint", columnList = "webhookId, createdAt")})
class DeliveryRow {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    @Id
    @Column(length = 40)
    String id;
    @Column(nullable = false, length = 40)
    String webhookId;
    @Column(nullable = false, length = 80)
    String organizationId;
    @Column(nullable = false, length = 200)
    String eventId;
    @Column(nullable = false, length = 64)
    String type;
    @Lob
    @Column(nullable = false)
    String payload;
    int attempt;
    /** Incremented by each claim: a claim succeeds only against the count it read. */
    int claims;
    @Column(nullable = false, length = 16)
    String status;
    Integer responseCode;
    @Column(length = 200)
    String lastError;
    @Column(nullable = false)
    Instant createdAt;
    Instant nextAttemptAt;
    Instant deliveredAt;

    protected DeliveryRow() {
    }

    DeliveryRow(String id, String webhookId, String organizationId, String eventId, String type, String payload,
                Instant createdAt) {
        this.id = id;
        this.webhookId = webhookId;
        this.organizationId = organizationId;
        this.eventId = eventId;
        this.type = type;
        this.payload = payload;
        this.status = PENDING;
        this.createdAt = createdAt;
        this.nextAttemptAt = createdAt;
    }
}
