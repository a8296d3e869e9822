package io.keyledger.api.keys;

/**
 * A key was revoked for good (terminal).
 *
 * @param keyId          the key
 * @param organizationId owning organization
 * @param reason         free text given by the caller, may be {@code null}
 */
public record ApiKeyRevokedEvent(String keyId, String organizationId, String reason) {
}
