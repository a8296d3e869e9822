package io.keyledger.validator.verify;

import io.keyledger.support.net.TrustedProxies;
import java.util.function.Function;

/**
 * The credentials of a request, read from its headers (API.md, "Verification"): the dual
 * scheme {@code X-Organization-Api-Key} + {@code Authorization: Bearer}, else
 * {@code X-API-Key}, else {@code Authorization: Bearer}, else — only when enabled, since URLs
 * end up in access logs — the {@code api_key} query parameter of the original URI.
 *
 * @param key             the key to verify ({@code null}: none presented)
 * @param organizationKey the dual scheme's organization key, else {@code null}
 */
public record Credentials(String key, String organizationKey) {

    public static final String API_KEY = "X-API-Key";
    public static final String ORGANIZATION_KEY = "X-Organization-Api-Key";
    public static final String AUTHORIZATION = "Authorization";
    public static final String FORWARDED_FOR = "X-Forwarded-For";
    public static final String REAL_IP = "X-Real-IP";

    /**
     * @param header      a request header by name, {@code null} when absent
     * @param originalUri the URI of the original request ({@code X-Original-URI}, or the request's own), may be {@code null}
     * @param queryKeys   whether {@code ?api_key=} is accepted
     */
    public static Credentials from(Function<String, String> header, String originalUri, boolean queryKeys) {
        String bearer = bearer(header.apply(AUTHORIZATION));
        String organizationKey = blankToNull(header.apply(ORGANIZATION_KEY));
        if (organizationKey != null) {
            return new Credentials(bearer, organizationKey);
        }
        String apiKey = blankToNull(header.apply(API_KEY));
        if (apiKey != null) {
            return new Credentials(apiKey, null);
        }
        if (bearer != null) {
            return new Credentials(bearer, null);
        }
        if (queryKeys && originalUri != null) {
            return new Credentials(queryParameter(originalUri, "api_key"), null);
        }
        return new Credentials(null, null);
    }

    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return blankToNull(authorization.substring(7).trim());
    }

    static String queryParameter(String uri, String name) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return null;
        }
        int fragment = uri.indexOf('#', query);
        String params = uri.substring(query + 1, fragment < 0 ? uri.length() : fragment);
        for (String pair : params.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                try {
                    return blankToNull(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
                } catch (IllegalArgumentException badEscape) {
                    // "%zz": not a key anyone was given (found by CredentialsFuzzTest)
                    return null;
                }
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * The address a forward-auth request is judged by (DESIGN §8): the TCP peer, unless the peer
     * is a trusted proxy ({@code keyledger.trusted-proxies}); then the rightmost
     * {@code X-Forwarded-For} hop that is not itself trusted, or {@code X-Real-IP} when the
     * trusted peer sent no {@code X-Forwarded-For}. A client that is not a trusted proxy cannot
     * choose its address with either header, and {@code X-Real-IP} never wins over
     * {@code X-Forwarded-For}.
     *
     * @param forwardedFor every {@code X-Forwarded-For} value joined by commas, or {@code null}
     * @param realIp       {@code X-Real-IP}, or {@code null}
     */
    public static String clientIp(TrustedProxies proxies, String peerAddress, String forwardedFor, String realIp) {
        return proxies.clientAddress(peerAddress, forwardedFor, realIp);
    }
}
