package io.keyledger.support.auth;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/** Key events for the tests of this package. */
final class KeyEvents {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyEvents() {
    }

    static String newSecret() {
        return ApiKeyFormat.generate(Environment.LIVE, RANDOM);
    }

    static ApiKeyCreatedEvent created(String keyId, String secret) {
        return created(keyId, secret, RateLimit.NONE, Restrictions.NONE, null);
    }

    static ApiKeyCreatedEvent created(String keyId, String secret, RateLimit rateLimit, Restrictions restrictions,
                                      Instant expiresAt) {
        return new ApiKeyCreatedEvent(keyId, "org-1", "key " + keyId, null, new Owner(OwnerType.USER, "u1"),
                Environment.LIVE, ApiKeyFormat.sha256Hex(secret), ApiKeyFormat.displayPrefix(secret),
                List.of("keys:write", "keys:read"), rateLimit, restrictions, expiresAt, false);
    }
}
