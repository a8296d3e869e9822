package io.keyledger.api.requests;

/**
 * An approved request was claimed by its requester; the key {@code keyId} is created next.
 *
 * @param requestId      the request
 * @param organizationId its organization
 * @param keyId          the key issued for it
 */
public record KeyRequestClaimedEvent(String requestId, String organizationId, String keyId) {
}
