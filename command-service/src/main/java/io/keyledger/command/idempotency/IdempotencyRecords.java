package io.keyledger.command.idempotency;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/** The idempotency records table; callers run each method inside a transaction. */
@Repository
class IdempotencyRecords {

    @PersistenceContext
    private EntityManager entityManager;

    Optional<IdempotencyRecord> find(String id) {
        return Optional.ofNullable(entityManager.find(IdempotencyRecord.class, id));
    }

    /** Fails with a constraint violation at flush when the id exists: that is how a race is detected. */
    void insert(IdempotencyRecord record) {
        entityManager.persist(record);
        entityManager.flush();
    }

    void delete(String id) {
        entityManager.createQuery("delete from IdempotencyRecord r where r.id = ?1").setParameter(1, id).executeUpdate();
    }

    int deleteCreatedBefore(Instant cutoff) {
        return entityManager.createQuery("delete from IdempotencyRecord r where r.createdAt < ?1")
                .setParameter(1, cutoff).executeUpdate();
    }
}
