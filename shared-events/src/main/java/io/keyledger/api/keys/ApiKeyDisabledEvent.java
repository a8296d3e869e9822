package io.keyledger.api.keys;

/** A key was switched off; it can be enabled again. */
public record ApiKeyDisabledEvent(String keyId, String organizationId) {
}
