package io.keyledger.api.credits;

/** Why a key's balance changed ({@link ApiKeyCreditsChangedEvent}). */
public enum CreditChange {
    /** credits set on create or PATCH (balance and rule) */
    CONFIGURED,
    /** {@code POST /v1/api-keys/{id}/credits {op: set}} */
    SET,
    /** {@code POST /v1/api-keys/{id}/credits {op: add}} */
    ADDED,
    /** the refill deadline */
    REFILLED,
    /** {@code credits: null} in a PATCH: the key is unlimited again */
    REMOVED
}
