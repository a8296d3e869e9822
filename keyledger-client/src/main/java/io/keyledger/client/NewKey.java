package io.keyledger.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/api-keys}; {@code null} members are left out (the server's defaults).
 *
 * @param environment {@code live} (default) or {@code test}
 * @param rateLimit   e.g. {@code Map.of("per_minute", 100)}
 */
public record NewKey(String name, String description, String organizationId, String environment,
                     List<String> permissions, Map<String, Object> rateLimit, Instant expiresAt) {

    public static NewKey of(String name, String... permissions) {
        return new NewKey(name, null, null, null, List.of(permissions), null, null);
    }
}
