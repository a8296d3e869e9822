package io.keyledger.api.keys;

/**
 * The grace period of a rotation ended: the previous secret no longer works.
 *
 * @param keyId           the key
 * @param organizationId  owning organization
 * @param previousKeyHash SHA-256 (hex) of the retired secret
 */
public record ApiKeyPreviousSecretRetiredEvent(String keyId, String organizationId, String previousKeyHash) {
}
