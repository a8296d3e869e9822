package io.keyledger.command.secrets;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One secret, one key, platform-wide (DESIGN §8): Axon's set-based validation. The
 * {@code used_secret} table holds the hash of every secret any key has held; a subscribing
 * processor writes it in the unit of work — and the transaction — that stores the creating or
 * rotating event, so the table and the event store cannot disagree. Callers ask
 * {@link #requireUnused} before they dispatch (the usual refusal, 409); the table's primary key
 * catches two creations racing for one secret, and the loser's whole unit of work rolls back.
 * A secret stays reserved after its key is revoked: a leaked secret must never come back as
 * another key. This group has no dead-letter queue: its failure must fail the command.
 */
@Component
@ProcessingGroup(SecretRegistry.PROCESSING_GROUP)
public class SecretRegistry {

    public static final String PROCESSING_GROUP = "secret-registry";

    @PersistenceContext
    private EntityManager entityManager;

    /** @throws SecretInUseException naming {@code field} when a key holds or held this secret */
    @Transactional(readOnly = true)
    public void requireUnused(String hash, String field) {
        if (entityManager.find(UsedSecret.class, hash) != null) {
            throw new SecretInUseException(field);
        }
    }

    /**
     * Like {@link #requireUnused}, in the caller's transaction and without a transactional proxy of
     * its own: a refusal leaves that transaction as it was (a group commit's batch, where a
     * participating {@code @Transactional} method that throws would mark the whole batch rollback-only).
     *
     * @throws SecretInUseException naming {@code field} when a key holds or held this secret
     */
    public void requireUnusedInCurrentTransaction(String hash, String field) {
        if (entityManager.find(UsedSecret.class, hash) != null) {
            throw new SecretInUseException(field);
        }
    }

    /**
     * The key that holds or held each of these secrets, by hash; hashes no key ever held are
     * absent. One query whatever the answer, so a caller that must not tell known from unknown
     * secrets by time (leak reports) pays the same for both.
     */
    @Transactional(readOnly = true)
    public java.util.Map<String, String> holders(java.util.Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> holders = new java.util.HashMap<>();
        for (Object[] row : entityManager.createQuery("select s.hash, s.keyId from UsedSecret s where s.hash in :hashes",
                Object[].class).setParameter("hashes", hashes).getResultList()) {
            holders.put((String) row[0], (String) row[1]);
        }
        return holders;
    }

    /** Whether the table holds any secret (the backfill runs only on an empty one). */
    @Transactional(readOnly = true)
    public boolean isEmpty() {
        return entityManager.createQuery("select count(s) from UsedSecret s", Long.class).getSingleResult() == 0;
    }

    /**
     * A generated secret (random, {@code ≥ 190} bits) is inserted without asking first: the
     * table's primary key is the lookup, done by the database inside the batched insert at commit,
     * so a group commit of many creations costs no query per key ({@code web.GroupCommit}). An
     * imported one was asked about before dispatch and is asked again here, so that a race of two
     * imports in separate units of work answers the loser's own 409. In a group commit, two imports
     * of one secret never share a batch and each is asked about again in its batch's transaction
     * ({@code web.GroupCommit}, exclusive values), so this never fails a batch there.
     */
    @EventHandler
    void on(ApiKeyCreatedEvent event, @Timestamp Instant at) {
        if (event.imported()) {
            reserve(event.keyHash(), event.keyId(), at, "key");
        } else if (event.keyHash() != null) {
            entityManager.persist(new UsedSecret(event.keyHash(), event.keyId(), at));
        }
    }

    @EventHandler
    void on(ApiKeyRotatedEvent event, @Timestamp Instant at) {
        reserve(event.keyHash(), event.keyId(), at, "key");
    }

    void reserve(String hash, String keyId, Instant at, String field) {
        if (hash == null) {
            return;
        }
        UsedSecret held = entityManager.find(UsedSecret.class, hash);
        if (held == null) {
            entityManager.persist(new UsedSecret(hash, keyId, at));
        } else if (!held.keyId().equals(keyId)) {
            throw new SecretInUseException(field);
        }
    }

    /**
     * Whether a failure is the table's primary key refusing a second key the same secret: two
     * creations raced past {@link #requireUnused}, and this one lost.
     */
    public static boolean isDuplicateSecret(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("used_secret")) {
                return true;
            }
        }
        return false;
    }
}
