package io.keyledger.api.requests;

/** A pending request was not decided within 7 days. */
public record KeyRequestExpiredEvent(String requestId, String organizationId) {
}
