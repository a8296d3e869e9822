package io.keyledger.command.requests;

import io.keyledger.api.requests.KeyRequestStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A key request as the listing shows it, written by {@link KeyRequestView} in the unit of work of
 * the request's own events. The asked key is kept as the JSON of its {@code KeySpec}. Never a secret.
 */
@Entity
@Table(name = "key_request", indexes = @Index(name = "key_request_org_created", columnList = "organizationId,createdAt"))
class KeyRequestRow {

    @Id
    @Column(length = 80)
    String id;
    @Column(nullable = false, length = 80)
    String organizationId;
    @Column(nullable = false, length = 80)
    String requesterKeyId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    KeyRequestStatus status;
    @Column(nullable = false, length = 131_072)
    String specJson;
    @Column(length = 1_000)
    String justification;
    @Column(nullable = false)
    Instant createdAt;
    Instant pendingUntil;
    @Column(length = 80)
    String decidedBy;
    Instant decidedAt;
    @Column(length = 1_000)
    String decisionNote;
    @Column(length = 80)
    String keyId;
    Instant claimedAt;
    long version;

    protected KeyRequestRow() {
        // for JPA
    }
}
