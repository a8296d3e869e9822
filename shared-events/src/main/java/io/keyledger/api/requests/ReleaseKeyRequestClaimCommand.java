package io.keyledger.api.requests;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Undo a claim whose key could not be created (the organization's quota or lifetime refused it):
 * the request is approved again and may be claimed later.
 *
 * @param requestId the request
 * @param keyId     the key id the claim named
 * @param reason    why the key was not created
 */
public record ReleaseKeyRequestClaimCommand(@TargetAggregateIdentifier String requestId, String keyId, String reason) {
}
