package io.keyledger.api.keys;

import java.time.Instant;

/** A key will expire within 30 days. Emitted once per expiry date by the durable schedule. */
public record ApiKeyExpiryWarningIssuedEvent(String keyId, String organizationId, Instant expiresAt) {
}
