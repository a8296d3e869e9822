package io.keyledger.api.requests;

import io.keyledger.api.keys.Authority;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Approve a pending request.
 *
 * @param requestId         the request
 * @param organizationScope the approver's organization, or {@code null} for a platform admin
 * @param approverKeyId     the approving key: never the requester
 * @param authority         the approver's authority: it must be able to grant what is asked
 * @param note              free text (≤ 1000 characters), may be {@code null}
 */
public record ApproveKeyRequestCommand(@TargetAggregateIdentifier String requestId,
                                       String organizationScope,
                                       String approverKeyId,
                                       Authority authority,
                                       String note) {
}
