package io.keyledger.validator.web;

import java.util.List;

/**
 * Body of {@code POST /v1/verify} (API.md). Besides the documented {@code key},
 * {@code permissions}, {@code ip} and {@code referrer}, an SDK may pass
 * {@code organization_key} (the dual scheme: {@code key} is then the user key) and
 * {@code user_agent} (the original client's, for the attempt log).
 */
record VerifyRequest(String key, List<String> permissions, String ip, String referrer, String organizationKey,
                     String userAgent) {
}
