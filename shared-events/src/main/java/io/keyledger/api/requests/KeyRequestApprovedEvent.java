package io.keyledger.api.requests;

/**
 * A request was approved.
 *
 * @param requestId      the request
 * @param organizationId its organization
 * @param approverKeyId  the approving key, {@code null} when the policy asked for no approval
 * @param note           the approver's note, may be {@code null}
 * @param automatic      whether nothing asked needed approval
 */
public record KeyRequestApprovedEvent(String requestId, String organizationId, String approverKeyId, String note,
                                      boolean automatic) {
}
