package io.keyledger.api.requests;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ask for a key.
 *
 * @param requestId           new request id ({@code kr_…})
 * @param organizationId      the requester's organization
 * @param requesterKeyId      the key that asks
 * @param spec                the key asked for
 * @param justification       why, free text (≤ 1000 characters), may be {@code null}
 * @param approvalRequiredFor the organization's {@code approval_required_for} patterns at the time
 *                            of asking: the request needs an approver when an asked permission
 *                            overlaps one of them, and is approved at once otherwise
 */
public record SubmitKeyRequestCommand(@TargetAggregateIdentifier String requestId,
                                      String organizationId,
                                      String requesterKeyId,
                                      KeySpec spec,
                                      String justification,
                                      List<String> approvalRequiredFor) {
}
