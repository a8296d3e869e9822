package io.keyledger.validator.web;

import io.keyledger.api.keys.Permissions;
import io.keyledger.validator.verify.Credentials;
import io.keyledger.validator.verify.VerifyInput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Turns requests of either web stack into {@link VerifyInput}s, with the same rules. */
final class HotPathRequests {

    static final String REQUIRED_PERMISSION = "X-Required-Permission";
    static final String ORIGINAL_URI = "X-Original-URI";

    private HotPathRequests() {
    }

    /** {@code POST /v1/verify}: the body names everything; a malformed body is the caller's error (400). */
    static VerifyInput fromBody(VerifyRequest body, String userAgentHeader) {
        if (body == null) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        if (body.key() == null) {
            throw new IllegalArgumentException("key: is required");
        }
        List<String> permissions = body.permissions() == null ? List.of() : body.permissions();
        for (String permission : permissions) {
            if (!Permissions.isValid(permission)) {
                throw new IllegalArgumentException("permissions: '" + permission + "' is not resource:action");
            }
        }
        return new VerifyInput(body.key(), body.organizationKey(), permissions, body.ip(), body.referrer(),
                body.userAgent() != null ? body.userAgent() : userAgentHeader, true);
    }

    /** {@code GET /v1/auth}: the original request's headers, as the proxy forwards them. */
    static VerifyInput fromForwardedHeaders(Function<String, String> header, String requestUri, String peerAddress,
                                            boolean queryKeys) {
        String originalUri = header.apply(ORIGINAL_URI);
        Credentials credentials = Credentials.from(header, originalUri != null ? originalUri : requestUri, queryKeys);
        return new VerifyInput(credentials.key(), credentials.organizationKey(),
                permissions(header.apply(REQUIRED_PERMISSION)), Credentials.clientIp(header, peerAddress),
                header.apply("Referer"), header.apply("User-Agent"), true);
    }

    /** {@code GET /v1/rate-limit}: the caller's own key, nothing spent. */
    static VerifyInput forRateLimit(Function<String, String> header) {
        Credentials credentials = Credentials.from(header, null, false);
        return new VerifyInput(credentials.key(), credentials.organizationKey(), List.of(), null, null, null, false);
    }

    /**
     * {@code X-Required-Permission}: one permission or several separated by commas, all needed.
     * A permission that does not parse can never be granted, so it stays and fails the check.
     */
    static List<String> permissions(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        if (header.indexOf(',') < 0) {
            return List.of(header.trim());
        }
        List<String> out = new ArrayList<>();
        for (String p : header.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }
}
