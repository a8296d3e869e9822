package io.keyledger.validator.verify;

import java.util.List;

/**
 * One question to the validator: "may this key do this, now?".
 *
 * @param key             the presented key (for the dual scheme: the user key from {@code Authorization: Bearer})
 * @param organizationKey the organization key of the dual scheme, {@code null} otherwise
 * @param permissions     every permission the caller needs; empty: only the key's validity is asked
 * @param ip              the address the verdict is judged by (IP allow-list) and the attempt records (DESIGN §8):
 *                        the caller-named client IP, or, when the caller names none, the client address by the
 *                        trusted-proxy rule; {@code null} only when there is none
 * @param referrer        the original request's referrer, may be {@code null}
 * @param userAgent       the original client's user agent, for the attempt log
 * @param spend           whether a passing request spends rate-limit budget ({@code false} for {@code GET /v1/rate-limit})
 * @param requiredOrganizationId the organization the caller expects the key to belong to ({@code organization_id}
 *                        of the verify body, {@code X-Required-Organization} in forward-auth), {@code null} for any;
 *                        a key of another organization is {@code NOT_FOUND}
 */
public record VerifyInput(String key,
                          String organizationKey,
                          List<String> permissions,
                          String ip,
                          String referrer,
                          String userAgent,
                          boolean spend,
                          String requiredOrganizationId,
                          long cost) {

    /** The most one verification may cost (API.md: {@code cost}, {@code X-Credit-Cost}). */
    public static final long MAX_COST = 1_000_000;

    public VerifyInput {
        permissions = permissions == null ? List.of() : permissions;
    }

    /** A verification that costs one credit (for a key with credits). */
    public VerifyInput(String key, String organizationKey, List<String> permissions, String ip, String referrer,
                       String userAgent, boolean spend, String requiredOrganizationId) {
        this(key, organizationKey, permissions, ip, referrer, userAgent, spend, requiredOrganizationId, 1);
    }

    public VerifyInput(String key, String organizationKey, List<String> permissions, String ip, String referrer,
                       String userAgent, boolean spend) {
        this(key, organizationKey, permissions, ip, referrer, userAgent, spend, null);
    }

    public static VerifyInput of(String key, List<String> permissions) {
        return new VerifyInput(key, null, permissions, null, null, null, true);
    }
}
