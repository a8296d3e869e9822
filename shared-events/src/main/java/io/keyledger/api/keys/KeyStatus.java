package io.keyledger.api.keys;

/** A key's lifecycle state. {@link #REVOKED} and {@link #EXPIRED} are terminal. */
public enum KeyStatus {
    ACTIVE, DISABLED, REVOKED, EXPIRED;

    public boolean isTerminal() {
        return this == REVOKED || this == EXPIRED;
    }
}
