package io.keyledger.validator.web;

import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.validator.ratelimit.RateLimitStatus;
import io.keyledger.validator.verify.Verdict;
import java.util.List;

/** The verdict of {@code POST /v1/verify} (API.md). */
record VerifyResponse(boolean valid, VerificationCode code, String keyId, String organizationId,
                      List<String> permissions, RateLimit ratelimit,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      Credits credits,
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      @com.fasterxml.jackson.annotation.JsonRawValue String meta) {

    record RateLimit(long limit, long remaining, long reset) {
    }

    /** {@code credits} of a key that has them (API.md): what it has left, as this validator knows it. */
    record Credits(long remaining) {
    }

    static VerifyResponse of(Verdict verdict) {
        RateLimitStatus status = verdict.rateLimit();
        return new VerifyResponse(verdict.valid(), verdict.code(), verdict.keyId(), verdict.organizationId(),
                verdict.permissions(), new RateLimit(status.limit(), status.remaining(), status.resetEpochSeconds()),
                verdict.credits().metered() ? new Credits(verdict.credits().remaining()) : null,
                // the key's meta goes to the protected API only for a caller it lets in
                verdict.valid() && verdict.key() != null ? verdict.key().metaJson() : null);
    }
}
