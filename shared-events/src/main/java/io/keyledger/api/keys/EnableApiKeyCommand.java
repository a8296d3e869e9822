package io.keyledger.api.keys;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Switch a disabled key back on. Enabling an active key changes nothing.
 *
 * @param authority what the calling key may act on, or {@code null} for the platform itself
 * @param keyId             the key
 * @param organizationScope the caller's organization, or {@code null} for a platform admin
 * @param expectedVersion   the version the caller last saw ({@code If-Match}), or {@code null}
 */
public record EnableApiKeyCommand(@TargetAggregateIdentifier String keyId,
                                  String organizationScope,
                                  Long expectedVersion,
                                  Authority authority) {

    /** A command from the platform itself (no calling key's authority to check). */
    public EnableApiKeyCommand(String keyId, String organizationScope, Long expectedVersion) {
        this(keyId, organizationScope, expectedVersion, null);
    }
}
