package io.keyledger.validator.web;

import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.validator.ratelimit.RateLimitStatus;
import io.keyledger.validator.verify.Verdict;
import java.util.List;

/** The verdict of {@code POST /v1/verify} (API.md). */
record VerifyResponse(boolean valid, VerificationCode code, String keyId, String organizationId,
                      List<String> permissions, RateLimit ratelimit) {

    record RateLimit(long limit, long remaining, long reset) {
    }

    static VerifyResponse of(Verdict verdict) {
        RateLimitStatus status = verdict.rateLimit();
        return new VerifyResponse(verdict.valid(), verdict.code(), verdict.keyId(), verdict.organizationId(),
                verdict.permissions(), new RateLimit(status.limit(), status.remaining(), status.resetEpochSeconds()));
    }
}
