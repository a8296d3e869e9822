package io.keyledger.command.secrets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A secret (its SHA-256) some key has held: reserved for that key for good. Never the value. */
@Entity
@Table(name = "used_secret")
class UsedSecret {

    @Id
    @Column(length = 64)
    private String hash;

    @Column(nullable = false, length = 80)
    private String keyId;

    @Column(nullable = false)
    private Instant usedAt;

    protected UsedSecret() {
        // for JPA
    }

    UsedSecret(String hash, String keyId, Instant usedAt) {
        this.hash = hash;
        this.keyId = keyId;
        this.usedAt = usedAt;
    }

    String keyId() {
        return keyId;
    }
}
