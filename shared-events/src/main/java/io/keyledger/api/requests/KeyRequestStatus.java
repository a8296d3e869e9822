package io.keyledger.api.requests;

/** Where a key request stands: pending → approved / denied / expired; approved → claimed. */
public enum KeyRequestStatus {
    PENDING, APPROVED, DENIED, EXPIRED, CLAIMED
}
