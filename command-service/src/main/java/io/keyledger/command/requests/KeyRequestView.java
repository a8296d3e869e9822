package io.keyledger.command.requests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.api.EventMetadata;
import io.keyledger.api.requests.KeyRequestApprovedEvent;
import io.keyledger.api.requests.KeyRequestClaimReleasedEvent;
import io.keyledger.api.requests.KeyRequestClaimedEvent;
import io.keyledger.api.requests.KeyRequestDeniedEvent;
import io.keyledger.api.requests.KeyRequestExpiredEvent;
import io.keyledger.api.requests.KeyRequestStatus;
import io.keyledger.api.requests.KeyRequestSubmittedEvent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code key_request} table behind {@code GET /v1/key-requests}: a subscribing processor, so a
 * request is listed in the same transaction that stores its event (the answer to a POST or an
 * approval reads its own write). Excluded from the dead-letter queue (application.yml): a failure
 * here fails the command, and the table never disagrees with the event store.
 */
@Component
@ProcessingGroup(KeyRequestView.PROCESSING_GROUP)
class KeyRequestView {

    static final String PROCESSING_GROUP = "key-request-view";
    static final int MAX_LIMIT = 100;

    @PersistenceContext
    private EntityManager entityManager;
    private final ObjectMapper mapper;

    KeyRequestView(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @EventHandler
    void on(KeyRequestSubmittedEvent event, @Timestamp Instant at, @SequenceNumber long sequence) throws JsonProcessingException {
        KeyRequestRow found = entityManager.find(KeyRequestRow.class, event.requestId());
        KeyRequestRow row = found != null ? found : new KeyRequestRow();
        row.id = event.requestId();
        row.organizationId = event.organizationId();
        row.requesterKeyId = event.requesterKeyId();
        row.status = KeyRequestStatus.PENDING;
        row.specJson = mapper.writeValueAsString(event.spec());
        row.justification = event.justification();
        row.createdAt = at;
        row.pendingUntil = event.pendingUntil();
        row.version = sequence;
        if (found == null) {
            entityManager.persist(row);
        }
    }

    @EventHandler
    void on(KeyRequestApprovedEvent event, @Timestamp Instant at, @SequenceNumber long sequence) {
        update(event.requestId(), sequence, row -> {
            row.status = KeyRequestStatus.APPROVED;
            row.decidedBy = event.automatic() ? EventMetadata.SYSTEM_ACTOR : event.approverKeyId();
            row.decidedAt = at;
            row.decisionNote = event.note();
        });
    }

    @EventHandler
    void on(KeyRequestDeniedEvent event, @Timestamp Instant at, @SequenceNumber long sequence) {
        update(event.requestId(), sequence, row -> {
            row.status = KeyRequestStatus.DENIED;
            row.decidedBy = event.approverKeyId();
            row.decidedAt = at;
            row.decisionNote = event.reason();
        });
    }

    @EventHandler
    void on(KeyRequestExpiredEvent event, @Timestamp Instant at, @SequenceNumber long sequence) {
        update(event.requestId(), sequence, row -> {
            row.status = KeyRequestStatus.EXPIRED;
            row.decidedBy = EventMetadata.SYSTEM_ACTOR;
            row.decidedAt = at;
        });
    }

    @EventHandler
    void on(KeyRequestClaimedEvent event, @Timestamp Instant at, @SequenceNumber long sequence) {
        update(event.requestId(), sequence, row -> {
            row.status = KeyRequestStatus.CLAIMED;
            row.keyId = event.keyId();
            row.claimedAt = at;
        });
    }

    @EventHandler
    void on(KeyRequestClaimReleasedEvent event, @SequenceNumber long sequence) {
        update(event.requestId(), sequence, row -> {
            row.status = KeyRequestStatus.APPROVED;
            row.keyId = null;
            row.claimedAt = null;
        });
    }

    private void update(String requestId, long sequence, java.util.function.Consumer<KeyRequestRow> change) {
        KeyRequestRow row = entityManager.find(KeyRequestRow.class, requestId);
        if (row != null && sequence > row.version) {
            change.accept(row);
            row.version = sequence;
        }
    }

    @Transactional(readOnly = true)
    KeyRequestRow find(String requestId) {
        return entityManager.find(KeyRequestRow.class, requestId);
    }

    /** Newest first; {@code requester} {@code null} for every request of the organization. */
    @Transactional(readOnly = true)
    List<KeyRequestRow> list(String organizationId, String requester, KeyRequestStatus status, int limit, Instant now) {
        StringBuilder jpql = new StringBuilder("select r from KeyRequestRow r where r.organizationId = :org");
        if (requester != null) {
            jpql.append(" and r.requesterKeyId = :requester");
        }
        // past its 7 days a pending request is expired, even in the moment before its deadline fires
        if (status == KeyRequestStatus.PENDING) {
            jpql.append(" and r.status = :status and (r.pendingUntil is null or r.pendingUntil > :now)");
        } else if (status == KeyRequestStatus.EXPIRED) {
            jpql.append(" and (r.status = :status or r.status = :pending and r.pendingUntil <= :now)");
        } else if (status != null) {
            jpql.append(" and r.status = :status");
        }
        jpql.append(" order by r.createdAt desc, r.id desc");
        TypedQuery<KeyRequestRow> query = entityManager.createQuery(jpql.toString(), KeyRequestRow.class)
                .setParameter("org", organizationId)
                .setMaxResults(Math.min(limit, MAX_LIMIT));
        if (requester != null) {
            query.setParameter("requester", requester);
        }
        if (status != null) {
            query.setParameter("status", status);
        }
        if (status == KeyRequestStatus.PENDING || status == KeyRequestStatus.EXPIRED) {
            query.setParameter("now", now);
        }
        if (status == KeyRequestStatus.EXPIRED) {
            query.setParameter("pending", KeyRequestStatus.PENDING);
        }
        return query.getResultList();
    }
}
