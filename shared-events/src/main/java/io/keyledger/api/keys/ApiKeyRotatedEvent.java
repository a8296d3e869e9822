package io.keyledger.api.keys;

import java.time.Instant;

/**
 * A key got a new secret. The previous secret stays valid until {@code previousValidUntil}
 * ({@code null}: not at all), after which {@link ApiKeyPreviousSecretRetiredEvent} follows.
 *
 * @param keyId              the key
 * @param organizationId     owning organization
 * @param keyHash            SHA-256 (hex) of the new secret
 * @param prefix             display prefix of the new secret
 * @param previousKeyHash    SHA-256 (hex) of the secret it replaces
 * @param previousValidUntil end of the grace period, or {@code null} when there is none
 */
public record ApiKeyRotatedEvent(String keyId,
                                 String organizationId,
                                 String keyHash,
                                 String prefix,
                                 String previousKeyHash,
                                 Instant previousValidUntil) {
}
