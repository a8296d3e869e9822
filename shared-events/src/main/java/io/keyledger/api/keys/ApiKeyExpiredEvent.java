package io.keyledger.api.keys;

import java.time.Instant;

/** A key reached its expiry (terminal). Emitted by the durable expiry schedule. */
public record ApiKeyExpiredEvent(String keyId, String organizationId, Instant expiresAt) {
}
