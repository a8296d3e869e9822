package io.keyledger.client;

import java.util.List;

/**
 * The verdict of {@code POST /v1/verify} (API.md "Verification").
 *
 * @param valid          whether the key may make the request
 * @param code           {@code VALID}, {@code MALFORMED}, {@code NOT_FOUND}, {@code DISABLED}, {@code REVOKED},
 *                       {@code EXPIRED}, {@code IP_NOT_ALLOWED}, {@code REFERRER_NOT_ALLOWED}, {@code FORBIDDEN},
 *                       {@code RATE_LIMITED}, {@code USAGE_EXCEEDED}
 * @param keyId          the key's id, {@code null} when the key is not known
 * @param organizationId the key's organization, {@code null} when the key is not known
 * @param permissions    the key's permissions
 * @param ratelimit      the key's rate-limit window
 */
public record VerifyResult(boolean valid, String code, String keyId, String organizationId, List<String> permissions,
                           RateLimit ratelimit) {

    public static final String RATE_LIMITED = "RATE_LIMITED";

    public VerifyResult {
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }

    /** @param reset epoch seconds when the window resets */
    public record RateLimit(long limit, long remaining, long reset) {
    }
}
