package io.keyledger.api.keys;

/** Why a key is disabled: the key record's {@code disabled_reason}. */
public enum DisabledReason {
    /** A caller disabled it. */
    MANUAL,
    /** A leak report matched its secret and its organization's {@code on_leak} is {@code disable}. */
    LEAKED
}
