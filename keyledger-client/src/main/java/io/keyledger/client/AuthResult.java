package io.keyledger.client;

import java.util.OptionalLong;

/**
 * The answer of {@code GET /v1/auth} (forward-auth), as a proxy sees it.
 *
 * @param status            200, 401, 403 or 429
 * @param code              {@code X-Keyledger-Code}
 * @param keyId             {@code X-Keyledger-Key-Id} (200 only)
 * @param organizationId    {@code X-Keyledger-Organization-Id} (200 only)
 * @param rateLimit         {@code X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset}
 * @param retryAfterSeconds {@code Retry-After} (429 only)
 */
public record AuthResult(int status, String code, String keyId, String organizationId, VerifyResult.RateLimit rateLimit,
                         OptionalLong retryAfterSeconds) {

    public boolean allowed() {
        return status == 200;
    }
}
