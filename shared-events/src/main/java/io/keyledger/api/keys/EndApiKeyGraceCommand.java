package io.keyledger.api.keys;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Retire a rotated key's previous secret now, before its grace deadline (the rotation assistant: every
 * caller has moved to the new secret). A key without a previous secret in grace changes nothing.
 * Applies {@link ApiKeyPreviousSecretRetiredEvent}, as the deadline would.
 *
 * @param keyId             the key
 * @param organizationScope the caller's organization, or {@code null} for a platform admin
 * @param expectedVersion   the version the caller last saw ({@code If-Match}), or {@code null}
 * @param authority         what the calling key may act on, or {@code null} for the platform itself
 */
public record EndApiKeyGraceCommand(@TargetAggregateIdentifier String keyId,
                                    String organizationScope,
                                    Long expectedVersion,
                                    Authority authority) {
}
