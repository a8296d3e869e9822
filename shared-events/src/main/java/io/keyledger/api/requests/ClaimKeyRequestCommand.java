package io.keyledger.api.requests;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Claim an approved request: once, by its requester. Answers the {@link KeySpec} to issue under
 * {@code keyId}; the claimer then creates the key.
 *
 * @param requestId         the request
 * @param organizationScope the claimer's organization, or {@code null} for a platform admin
 * @param claimerKeyId      the claiming key: must be the requester
 * @param keyId             the id the key will have
 */
public record ClaimKeyRequestCommand(@TargetAggregateIdentifier String requestId,
                                     String organizationScope,
                                     String claimerKeyId,
                                     String keyId) {
}
