package io.keyledger.validator.verify;

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
     * The original client's IP: {@code X-Real-IP} when the proxy set it, else the last entry
     * of {@code X-Forwarded-For} — the one the proxy in front of us appended; earlier entries
     * are whatever the client chose to send.
     */
    public static String clientIp(Function<String, String> header, String peerAddress) {
        String realIp = blankToNull(header.apply("X-Real-IP"));
        if (realIp != null) {
            return realIp;
        }
        String forwarded = header.apply("X-Forwarded-For");
        if (forwarded != null) {
            int comma = forwarded.lastIndexOf(',');
            String last = blankToNull(comma < 0 ? forwarded : forwarded.substring(comma + 1));
            if (last != null) {
                return last;
            }
        }
        return peerAddress;
    }
}
