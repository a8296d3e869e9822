package io.keyledger.api.keys;

/** Who a key acts for. */
public enum OwnerType {
    USER, APPLICATION, SYSTEM
}
