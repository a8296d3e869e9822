package io.keyledger.validator.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.api.attempts.VerificationCode;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The bodies of forward-auth refusals (401 / 403 / 429): one {@code application/problem+json}
 * document per verdict code, serialised once at class load, so a refusal costs no more than an
 * empty answer. Proxies ({@code auth_request}) ignore them; a client calling directly reads why.
 */
final class ForwardAuthProblems {

    static final String CONTENT_TYPE = "application/problem+json";

    private static final Map<VerificationCode, byte[]> BODIES = new EnumMap<>(VerificationCode.class);

    static {
        ObjectMapper json = new ObjectMapper();
        for (VerificationCode code : VerificationCode.values()) {
            if (code.allowed()) {
                continue;
            }
            int status = code.httpStatus();
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", HttpStatus.valueOf(status).getReasonPhrase());
            problem.put("status", status);
            problem.put("detail", detail(code));
            problem.put("code", code.name());
            try {
                BODIES.put(code, json.writeValueAsBytes(problem));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private ForwardAuthProblems() {
    }

    /** The body for a refusal with this code; {@code null} for {@code VALID} (200 has no body). */
    static byte[] body(VerificationCode code) {
        return BODIES.get(code);
    }

    private static String detail(VerificationCode code) {
        return switch (code) {
            case MALFORMED -> "no well-formed key in X-API-Key, Authorization: Bearer or the original URI";
            case NOT_FOUND -> "the key is not known";
            case DISABLED -> "the key is disabled";
            case REVOKED -> "the key has been revoked";
            case EXPIRED -> "the key has expired";
            case IP_NOT_ALLOWED -> "the client IP is not in the key's allowlist";
            case REFERRER_NOT_ALLOWED -> "the referrer is not among the key's allowed referrers";
            case FORBIDDEN -> "the key lacks the permission in X-Required-Permission";
            case RATE_LIMITED -> "the key's rate limit is spent; retry after Retry-After seconds";
            case USAGE_EXCEEDED -> "the key's credits cannot cover this request (Retry-After: until the next refill, when there is one)";
            case VALID -> throw new IllegalArgumentException("VALID is no refusal");
        };
    }
}
