package io.keyledger.validator;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Keys and creation events for tests: a seeded generator, so failures reproduce. */
public final class TestKeys {

    private final Random random;

    public TestKeys(long seed) {
        this.random = new Random(seed);
    }

    public String newKey() {
        return ApiKeyFormat.generate(Environment.LIVE, random);
    }

    public static ApiKeyCreatedEvent created(String keyId, String organizationId, String key, List<String> permissions,
                                             RateLimit rateLimit, Restrictions restrictions, Instant expiresAt) {
        return new ApiKeyCreatedEvent(keyId, organizationId, "key " + keyId, null, new Owner(OwnerType.APPLICATION, "app"),
                Environment.LIVE, ApiKeyFormat.sha256Hex(key), ApiKeyFormat.displayPrefix(key), permissions, rateLimit,
                restrictions, expiresAt, false);
    }

    public static ApiKeyCreatedEvent created(String keyId, String organizationId, String key, List<String> permissions) {
        return created(keyId, organizationId, key, permissions, null, Restrictions.NONE, null);
    }
}
