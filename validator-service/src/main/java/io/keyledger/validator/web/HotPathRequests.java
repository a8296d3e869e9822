package io.keyledger.validator.web;

import io.keyledger.api.keys.Permissions;
import io.keyledger.support.net.TrustedProxies;
import io.keyledger.validator.verify.Credentials;
import io.keyledger.validator.verify.VerifyInput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Turns requests of either web stack into {@link VerifyInput}s, with the same rules. */
final class HotPathRequests {

    static final String REQUIRED_PERMISSION = "X-Required-Permission";
    static final String REQUIRED_ORGANIZATION = "X-Required-Organization";
    static final String ORIGINAL_URI = "X-Original-URI";
    /** What Caddy's {@code forward_auth} and Traefik's ForwardAuth send for the original URI. */
    static final String FORWARDED_URI = "X-Forwarded-Uri";
    /** An organization id as the command side makes them ({@code org_<32 hex>}, {@code default}): bounded, no separators. */
    private static final Pattern ORGANIZATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private HotPathRequests() {
    }

    /**
     * {@code POST /v1/verify}: the body names everything; a malformed body is the caller's error
     * (400). The address judged and recorded is the body's {@code ip} when it names one (what the
     * caller asks about), else the calling client's own address by the trusted-proxy rule.
     */
    static VerifyInput fromBody(VerifyRequest body, String userAgentHeader, String clientAddress) {
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
        if (body.ip() != null && TrustedProxies.parseLiteral(body.ip()) == null) {
            throw new IllegalArgumentException("ip: not an IPv4 or IPv6 address");
        }
        if (body.organizationId() != null && !ORGANIZATION_ID.matcher(body.organizationId()).matches()) {
            throw new IllegalArgumentException("organization_id: not an organization id");
        }
        return new VerifyInput(body.key(), body.organizationKey(), permissions,
                body.ip() != null ? body.ip() : clientAddress, body.referrer(),
                body.userAgent() != null ? body.userAgent() : userAgentHeader, true, body.organizationId(),
                body.cost() == null ? 1 : body.cost());
    }

    /**
     * {@code /v1/auth} and {@code /v1/auth/<original path>}, any method: the original request's headers,
     * as the proxy forwards them; the client
     * address by the trusted-proxy rule ({@link Credentials#clientIp}); the original URI by
     * {@link #originalUri}. An
     * {@code X-Required-Organization} that is no organization id matches no key (NOT_FOUND), as an
     * unparseable permission is never granted: a proxy's mistake fails closed.
     *
     * @param forwardedFor every {@code X-Forwarded-For} value joined by commas, {@code null} when none
     */
    static VerifyInput fromForwardedHeaders(Function<String, String> header, String forwardedFor, String requestUri,
                                            String peerAddress, boolean queryKeys, TrustedProxies proxies) {
        Credentials credentials = Credentials.from(header, originalUri(header, requestUri), queryKeys);
        String organization = header.apply(REQUIRED_ORGANIZATION);
        return new VerifyInput(credentials.key(), credentials.organizationKey(),
                permissions(header.apply(REQUIRED_PERMISSION)),
                Credentials.clientIp(proxies, peerAddress, forwardedFor, header.apply(Credentials.REAL_IP)),
                header.apply("Referer"), header.apply("User-Agent"), true,
                organization == null || organization.isBlank() ? null : organization.trim(),
                cost(header.apply(CREDIT_COST)));
    }

    static final String CREDIT_COST = "X-Credit-Cost";

    /**
     * {@code X-Credit-Cost}: 1–{@link VerifyInput#MAX_COST}, absent 1. Anything else is a proxy's
     * mistake and fails closed: a cost no balance covers ({@code -1}; a key without credits is not affected).
     */
    static long cost(String header) {
        if (header == null) {
            return 1;
        }
        String value = header.trim();
        if (value.isEmpty() || value.length() > 7) {
            return -1;
        }
        long cost = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            cost = cost * 10 + (c - '0');
        }
        return cost >= 1 && cost <= VerifyInput.MAX_COST ? cost : -1;
    }

    /** The forward-auth path; Envoy's HTTP ext_authz appends the original path to it ({@code path_prefix}). */
    static final String AUTH_PATH = "/v1/auth";

    /** Whether a request path (without its query) is forward-auth: {@code /v1/auth} or {@code /v1/auth/<original path>}. */
    static boolean isForwardAuth(String path) {
        return path.startsWith(AUTH_PATH) && (path.length() == AUTH_PATH.length() || path.charAt(AUTH_PATH.length()) == '/');
    }

    /**
     * The original request's URI: in the prefixed form ({@code /v1/auth/tasks/1?x=y}, Envoy's HTTP mode)
     * what follows the prefix, which is the original; else {@code X-Original-URI} (nginx), else
     * {@code X-Forwarded-Uri} (Caddy, Traefik), else the request's own.
     */
    static String originalUri(Function<String, String> header, String requestUri) {
        if (requestUri != null && requestUri.length() > AUTH_PATH.length() && requestUri.startsWith(AUTH_PATH)
                && requestUri.charAt(AUTH_PATH.length()) == '/') {
            return requestUri.substring(AUTH_PATH.length());
        }
        String original = header.apply(ORIGINAL_URI);
        if (original == null) {
            original = header.apply(FORWARDED_URI);
        }
        return original != null ? original : requestUri;
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
