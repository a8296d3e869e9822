package io.keyledger.command.webhooks;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads of the {@code webhook_delivery} table for the API. */
@Component
class Deliveries {

    record Cursor(Instant createdAt, String id) {
    }

    @PersistenceContext
    private EntityManager entityManager;

    /** Newest first, after {@code cursor} when given. */
    @Transactional(readOnly = true)
    public List<DeliveryRow> page(String webhookId, Cursor cursor, int limit) {
        String where = cursor == null ? "" : " and (d.createdAt < :at or d.createdAt = :at and d.id < :id)";
        var query = entityManager.createQuery("select d from DeliveryRow d where d.webhookId = :webhook" + where
                + " order by d.createdAt desc, d.id desc", DeliveryRow.class).setParameter("webhook", webhookId);
        if (cursor != null) {
            query.setParameter("at", cursor.createdAt()).setParameter("id", cursor.id());
        }
        return query.setMaxResults(limit).getResultList();
    }
}
