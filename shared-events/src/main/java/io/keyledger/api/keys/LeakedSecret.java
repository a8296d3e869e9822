package io.keyledger.api.keys;

/** Which of a key's secrets a leak report matched. */
public enum LeakedSecret {
    /** The secret the key has now. */
    CURRENT,
    /** The previous secret, still accepted during a rotation's grace period. */
    PREVIOUS
}
