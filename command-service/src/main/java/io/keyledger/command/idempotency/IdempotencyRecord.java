package io.keyledger.command.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One use of an Idempotency-Key. The stored answer is encrypted with a key derived from the
 * Idempotency-Key itself, which is not stored (the row id is a different hash of it): the
 * answer to a create holds the new key's plaintext, and a database dump must not reveal it.
 */
@Entity
@Table(name = "idempotency_records")
class IdempotencyRecord {

    @Id
    @Column(length = 64)
    private String id;
    @Column(length = 64, nullable = false)
    private String fingerprint;
    @Column(nullable = false)
    private Instant createdAt;
    private boolean completed;
    private int status;
    @Column(length = 512)
    private String location;
    @Column(length = 65_536)
    private byte[] sealedBody;

    protected IdempotencyRecord() {
    }

    IdempotencyRecord(String id, String fingerprint, Instant createdAt) {
        this.id = id;
        this.fingerprint = fingerprint;
        this.createdAt = createdAt;
    }

    void complete(int status, String location, byte[] sealedBody) {
        this.completed = true;
        this.status = status;
        this.location = location;
        this.sealedBody = sealedBody;
    }

    String fingerprint() {
        return fingerprint;
    }

    Instant createdAt() {
        return createdAt;
    }

    boolean completed() {
        return completed;
    }

    int status() {
        return status;
    }

    String location() {
        return location;
    }

    byte[] sealedBody() {
        return sealedBody;
    }
}
