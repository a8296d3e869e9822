package io.keyledger.api.keys;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Revoke a key for good. Revoking a revoked key changes nothing.
 *
 * @param authority what the calling key may act on, or {@code null} for the platform itself
 * @param keyId             the key
 * @param organizationScope the caller's organization, or {@code null} for a platform admin
 * @param reason            free text, may be {@code null}
 */
public record RevokeApiKeyCommand(@TargetAggregateIdentifier String keyId,
                                  String organizationScope,
                                  String reason,
                                  Authority authority) {

    /** A command from the platform itself (no calling key's authority to check). */
    public RevokeApiKeyCommand(String keyId, String organizationScope, String reason) {
        this(keyId, organizationScope, reason, null);
    }
}
