package io.keyledger.validator.web;

import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.validator.ratelimit.RateLimitStatus;
import io.keyledger.validator.verify.Verdict;
import java.util.function.BiConsumer;

/** The response headers every verification answer carries (API.md), for any web stack. */
final class HotPathHeaders {

    static final String KEY_ID = "X-Keyledger-Key-Id";
    static final String ORGANIZATION_ID = "X-Keyledger-Organization-Id";
    static final String CODE = "X-Keyledger-Code";

    private HotPathHeaders() {
    }

    static void rateLimit(RateLimitStatus status, BiConsumer<String, String> header) {
        header.accept("X-RateLimit-Limit", Long.toString(status.limit()));
        header.accept("X-RateLimit-Remaining", Long.toString(status.remaining()));
        header.accept("X-RateLimit-Reset", Long.toString(status.resetEpochSeconds()));
    }

    /** Headers of a forward-auth answer: identity on success, the code always, Retry-After on 429. */
    static void forwardAuth(Verdict verdict, BiConsumer<String, String> header) {
        rateLimit(verdict.rateLimit(), header);
        header.accept(CODE, verdict.code().name());
        if (verdict.valid()) {
            header.accept(KEY_ID, verdict.keyId());
            header.accept(ORGANIZATION_ID, verdict.organizationId());
        }
        if (verdict.code() == VerificationCode.RATE_LIMITED) {
            header.accept("Retry-After", Long.toString(Math.max(1, verdict.rateLimit().retryAfterSeconds())));
        }
    }
}
