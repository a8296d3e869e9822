package io.keyledger.spring;

import io.keyledger.client.KeyledgerClient;
import io.keyledger.client.KeyledgerException;
import io.keyledger.client.VerifyRequest;
import io.keyledger.client.VerifyResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Verifies the request's key ({@code X-API-Key}, else {@code Authorization: Bearer}) with the
 * validator and either lets it through — {@link KeyledgerPrincipal} as request attribute, the
 * {@code X-RateLimit-*} headers on the response — or answers the refusal as problem+json: 401
 * (no key, unknown, disabled, revoked, expired), 403 (IP, referrer, permission), 429 with
 * {@code Retry-After} (rate limited, usage exceeded), 503 when the validator cannot answer (fail
 * closed). The problem's {@code code} is the verification code.
 */
public class KeyledgerGuard {

    private final KeyledgerClient client;

    public KeyledgerGuard(KeyledgerClient client) {
        this.client = client;
    }

    /** @return whether the request may go on; if not, the response is written */
    public boolean admit(HttpServletRequest request, HttpServletResponse response, String permission) throws IOException {
        String key = presentedKey(request);
        if (key == null) {
            response.setHeader("WWW-Authenticate", "Bearer");
            refuse(response, 401, "MALFORMED", "an API key is required (X-API-Key or Authorization: Bearer)", -1);
            return false;
        }
        VerifyResult verdict;
        try {
            verdict = client.verify(new VerifyRequest(key, permission == null || permission.isEmpty() ? List.of() : List.of(permission),
                    request.getRemoteAddr(), request.getHeader("Referer")));
        } catch (KeyledgerException unavailable) {
            response.setHeader("Retry-After", "1");
            refuse(response, 503, null, "the key cannot be verified now", -1);
            return false;
        }
        if (verdict.ratelimit() != null && verdict.ratelimit().limit() >= 0) {
            response.setHeader("X-RateLimit-Limit", Long.toString(verdict.ratelimit().limit()));
            response.setHeader("X-RateLimit-Remaining", Long.toString(verdict.ratelimit().remaining()));
            response.setHeader("X-RateLimit-Reset", Long.toString(verdict.ratelimit().reset()));
        }
        if (verdict.valid()) {
            request.setAttribute(KeyledgerPrincipal.ATTRIBUTE,
                    new KeyledgerPrincipal(verdict.keyId(), verdict.organizationId(), verdict.permissions()));
            return true;
        }
        switch (verdict.code()) {
            case "IP_NOT_ALLOWED", "REFERRER_NOT_ALLOWED", "FORBIDDEN" ->
                    refuse(response, 403, verdict.code(), detail(verdict.code()), -1);
            case "RATE_LIMITED", "USAGE_EXCEEDED" -> {
                long retry = verdict.ratelimit() == null ? 1
                        : Math.max(1, verdict.ratelimit().reset() - System.currentTimeMillis() / 1000);
                refuse(response, 429, verdict.code(), detail(verdict.code()), retry);
            }
            default -> {
                response.setHeader("WWW-Authenticate", "Bearer");
                refuse(response, 401, verdict.code(), detail(verdict.code()), -1);
            }
        }
        return false;
    }

    static String presentedKey(HttpServletRequest request) {
        String key = request.getHeader("X-API-Key");
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && authorization.length() > 7) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    private static String detail(String code) {
        return switch (code) {
            case "NOT_FOUND" -> "the key is not known";
            case "DISABLED" -> "the key is disabled";
            case "REVOKED" -> "the key has been revoked";
            case "EXPIRED" -> "the key has expired";
            case "IP_NOT_ALLOWED" -> "the client IP is not in the key's allowlist";
            case "REFERRER_NOT_ALLOWED" -> "the referrer is not among the key's allowed referrers";
            case "FORBIDDEN" -> "the key lacks the permission this call needs";
            case "RATE_LIMITED" -> "too many requests with this key";
            case "USAGE_EXCEEDED" -> "the key's usage is exhausted";
            default -> "no well-formed key";
        };
    }

    private static void refuse(HttpServletResponse response, int status, String code, String detail, long retryAfter)
            throws IOException {
        if (retryAfter > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfter));
        }
        String title = switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 429 -> "Too Many Requests";
            default -> "Service Unavailable";
        };
        // the texts are constants of this class: no escaping needed
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\""
                + (code == null ? "" : ",\"code\":\"" + code + "\"") + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
