package io.keyledger.api.requests;

/**
 * A request was denied.
 *
 * @param requestId      the request
 * @param organizationId its organization
 * @param approverKeyId  the denying key
 * @param reason         why, may be {@code null}
 */
public record KeyRequestDeniedEvent(String requestId, String organizationId, String approverKeyId, String reason) {
}
