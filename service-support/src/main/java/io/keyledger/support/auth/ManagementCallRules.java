package io.keyledger.support.auth;

import io.keyledger.support.auth.Authentication.Authenticated;
import io.keyledger.support.auth.Authentication.Unauthenticated;

/**
 * The rules every management call passes before a controller sees it (API.md, "Authorization
 * rules"), in this order: credentials present; a current secret of a key that is neither disabled,
 * revoked nor expired (a previous secret inside its grace is refused: it verifies, it does not
 * manage); the key's {@code ip_allowlist} holds the client address; the key's management rate limit
 * and its own {@code rate_limit} have room. The first rule that fails is the answer, and nothing
 * after it is spent. Plain Java: the filter only maps a {@link Verdict} to HTTP.
 */
final class ManagementCallRules {

    /** The outcome of {@link #judge}. */
    sealed interface Verdict {
    }

    /** The call goes on, on behalf of {@code caller}. */
    record Allowed(Caller caller) implements Verdict {
    }

    /**
     * The call is answered with {@code refusal}; {@code retryAfterSeconds} is set for the 429s, and
     * {@code detail} is what the problem says.
     */
    record Refused(Refusal refusal, long retryAfterSeconds, String detail) implements Verdict {
        Refused(Refusal refusal) {
            this(refusal, 0, refusal.detail());
        }
    }

    private static final String BEARER = "Bearer ";

    private final CallerDirectory directory;
    private final ManagementRateLimiter limiter;

    ManagementCallRules(CallerDirectory directory, ManagementRateLimiter limiter) {
        this.directory = directory;
        this.limiter = limiter;
    }

    /**
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param clientAddress the address the call is judged by (the trusted-proxy rule), or {@code null}
     */
    Verdict judge(String authorization, String clientAddress) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.substring(BEARER.length()).isBlank()) {
            return new Refused(Refusal.MISSING_CREDENTIALS);
        }
        Authentication authentication = directory.authenticate(authorization.substring(BEARER.length()).trim());
        if (authentication instanceof Unauthenticated unauthenticated) {
            return new Refused(unauthenticated.refusal());
        }
        Authenticated key = (Authenticated) authentication;
        if (!key.ipAllowlist().allows(clientAddress)) {
            return new Refused(Refusal.IP_NOT_ALLOWED);
        }
        ManagementRateLimiter.Decision decision = limiter.acquire(key.caller().keyId(), key.rateLimit());
        if (!decision.allowed()) {
            String limit = decision.refusal() == Refusal.MANAGEMENT_RATE_LIMITED
                    ? " (" + limiter.perSecond() + " requests/s, burst " + limiter.burst() + ")" : "";
            return new Refused(decision.refusal(), decision.retryAfterSeconds(), decision.refusal().detail() + limit
                    + ": retry after " + decision.retryAfterSeconds() + " s");
        }
        return new Allowed(key.caller());
    }
}
