package io.keyledger.api.requests;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deny a pending request.
 *
 * @param requestId         the request
 * @param organizationScope the denier's organization, or {@code null} for a platform admin
 * @param approverKeyId     the denying key: never the requester
 * @param reason            free text (≤ 1000 characters), may be {@code null}
 */
public record DenyKeyRequestCommand(@TargetAggregateIdentifier String requestId,
                                    String organizationScope,
                                    String approverKeyId,
                                    String reason) {
}
