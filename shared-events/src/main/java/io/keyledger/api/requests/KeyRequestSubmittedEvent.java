package io.keyledger.api.requests;

import java.time.Instant;

/**
 * A key was asked for.
 *
 * @param requestId        the request
 * @param organizationId   the requester's organization
 * @param requesterKeyId   the key that asked
 * @param spec             the key asked for
 * @param justification    why, may be {@code null}
 * @param approvalRequired whether an approver must decide (else a {@link KeyRequestApprovedEvent} follows at once)
 * @param pendingUntil     when an undecided request expires, {@code null} when none is required
 */
public record KeyRequestSubmittedEvent(String requestId,
                                       String organizationId,
                                       String requesterKeyId,
                                       KeySpec spec,
                                       String justification,
                                       boolean approvalRequired,
                                       Instant pendingUntil) {
}
