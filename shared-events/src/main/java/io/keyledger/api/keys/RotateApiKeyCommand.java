package io.keyledger.api.keys;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give a key a new secret. The current secret keeps working for {@code gracePeriodSeconds}
 * (0–604800; 0 retires it at once).
 *
 * @param authority what the calling key may act on, or {@code null} for the platform itself
 * @param keyId              the key
 * @param organizationScope  the caller's organization, or {@code null} for a platform admin
 * @param expectedVersion    the version the caller last saw ({@code If-Match}), or {@code null}
 * @param keyHash            SHA-256 (hex) of the new secret
 * @param prefix             display prefix of the new secret
 * @param gracePeriodSeconds how long the current secret stays valid
 */
public record RotateApiKeyCommand(@TargetAggregateIdentifier String keyId,
                                  String organizationScope,
                                  Long expectedVersion,
                                  String keyHash,
                                  String prefix,
                                  long gracePeriodSeconds,
                                  Authority authority) {

    /** A command from the platform itself (no calling key's authority to check). */
    public RotateApiKeyCommand(String keyId, String organizationScope, Long expectedVersion, String keyHash, String prefix, long gracePeriodSeconds) {
        this(keyId, organizationScope, expectedVersion, keyHash, prefix, gracePeriodSeconds, null);
    }
}
