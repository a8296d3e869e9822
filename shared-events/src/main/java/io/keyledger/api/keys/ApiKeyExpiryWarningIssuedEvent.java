package io.keyledger.api.keys;

import java.time.Instant;

/**
 * A key will expire soon (the {@code key.expiring} notice): 30, 7 and 1 day before its expiry, each
 * once per expiry date, by the durable schedule. A key that expires sooner than a notice's lead
 * time when its expiry is set gets the tightest notice that applies at once.
 *
 * @param keyId          the key
 * @param organizationId owning organization
 * @param expiresAt      the expiry the notice is for
 * @param daysBefore     the notice: 30, 7 or 1; {@code null} in events written before there were
 *                       three notices, which were all the 30-day one
 */
public record ApiKeyExpiryWarningIssuedEvent(String keyId, String organizationId, Instant expiresAt, Integer daysBefore) {

    /** The 30-day notice (the only one before there were three). */
    public ApiKeyExpiryWarningIssuedEvent(String keyId, String organizationId, Instant expiresAt) {
        this(keyId, organizationId, expiresAt, 30);
    }

    /** The notice's lead time in days; 30 for events that do not say. */
    public int notice() {
        return daysBefore == null ? 30 : daysBefore;
    }
}
