package io.keyledger.api.keys;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Revoke a key for good. Revoking a revoked key changes nothing.
 *
 * @param keyId             the key
 * @param organizationScope the caller's organization, or {@code null} for a platform admin
 * @param reason            free text, may be {@code null}
 */
public record RevokeApiKeyCommand(@TargetAggregateIdentifier String keyId,
                                  String organizationScope,
                                  String reason) {
}
