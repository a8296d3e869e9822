package io.keyledger.api.keys;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Switch a key off until it is enabled again. Disabling a disabled key changes nothing.
 *
 * @param keyId             the key
 * @param organizationScope the caller's organization, or {@code null} for a platform admin
 * @param expectedVersion   the version the caller last saw ({@code If-Match}), or {@code null}
 */
public record DisableApiKeyCommand(@TargetAggregateIdentifier String keyId,
                                   String organizationScope,
                                   Long expectedVersion) {
}
