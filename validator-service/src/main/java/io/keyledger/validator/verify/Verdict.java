package io.keyledger.validator.verify;

import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.validator.hotset.KeyEntry;
import io.keyledger.validator.ratelimit.RateLimitStatus;
import java.util.List;

/**
 * The answer to a {@link VerifyInput}.
 *
 * @param code        the first check that failed, or {@code VALID}
 * @param key         the key the answer is about ({@code null} when malformed or unknown); for the dual scheme the user key
 * @param permissions the key's effective permissions (for the dual scheme: those both keys grant)
 * @param rateLimit   what the {@code X-RateLimit-*} headers report
 * @param previousSecret whether the key was found by its previous secret (inside its grace period); for the
 *                    dual scheme, the user key's
 */
public record Verdict(VerificationCode code, KeyEntry key, List<String> permissions, RateLimitStatus rateLimit,
                      io.keyledger.validator.credits.CreditSpend credits, boolean previousSecret) {

    /** A verdict of a key without credits (or one that never reached them), found by its current secret. */
    public Verdict(VerificationCode code, KeyEntry key, List<String> permissions, RateLimitStatus rateLimit) {
        this(code, key, permissions, rateLimit, io.keyledger.validator.credits.CreditSpend.UNMETERED, false);
    }

    /** Which secret matched, as the attempt log records it; {@code null} when no key was found. */
    public String secret() {
        return key == null ? null
                : previousSecret ? io.keyledger.api.attempts.AuthAttempt.PREVIOUS_SECRET
                : io.keyledger.api.attempts.AuthAttempt.CURRENT_SECRET;
    }

    public boolean valid() {
        return code == VerificationCode.VALID;
    }

    public String keyId() {
        return key == null ? null : key.keyId();
    }

    public String organizationId() {
        return key == null ? null : key.organizationId();
    }
}
