package io.keyledger.api.requests;

/**
 * A claim was undone because its key could not be created; the request is approved again.
 *
 * @param requestId      the request
 * @param organizationId its organization
 * @param keyId          the key id that was not created
 * @param reason         why
 */
public record KeyRequestClaimReleasedEvent(String requestId, String organizationId, String keyId, String reason) {
}
