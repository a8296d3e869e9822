package io.keyledger.api.keys;

/** A disabled key was switched back on. */
public record ApiKeyEnabledEvent(String keyId, String organizationId) {
}
