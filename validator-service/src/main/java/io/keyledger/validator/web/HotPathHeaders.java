package io.keyledger.validator.web;

import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.validator.ratelimit.RateLimitStatus;
import io.keyledger.validator.verify.Verdict;
import io.netty.util.AsciiString;
import java.util.function.BiConsumer;

/**
 * The response headers every verification answer carries (API.md), for any web stack. The
 * names are {@link AsciiString}s: Netty's header map hashes a {@code String} name character by
 * character on every {@code set}, which was 40 % of the event loops' CPU on {@code GET /v1/auth};
 * an {@code AsciiString} keeps its hash. Other stacks take the name's {@code toString()} (cached).
 */
final class HotPathHeaders {

    private static final AsciiString KEY_ID = AsciiString.cached("X-Keyledger-Key-Id");
    private static final AsciiString ORGANIZATION_ID = AsciiString.cached("X-Keyledger-Organization-Id");
    private static final AsciiString CODE = AsciiString.cached("X-Keyledger-Code");
    private static final AsciiString META = AsciiString.cached("X-Keyledger-Meta");
    private static final AsciiString LIMIT = AsciiString.cached("X-RateLimit-Limit");
    private static final AsciiString REMAINING = AsciiString.cached("X-RateLimit-Remaining");
    private static final AsciiString RESET = AsciiString.cached("X-RateLimit-Reset");
    private static final AsciiString RETRY_AFTER = AsciiString.cached("Retry-After");

    private HotPathHeaders() {
    }

    static void rateLimit(RateLimitStatus status, BiConsumer<? super AsciiString, String> header) {
        header.accept(LIMIT, Long.toString(status.limit()));
        header.accept(REMAINING, Long.toString(status.remaining()));
        header.accept(RESET, Long.toString(status.resetEpochSeconds()));
    }

    /** Headers of a forward-auth answer: identity on success, the code always, Retry-After on 429. */
    static void forwardAuth(Verdict verdict, BiConsumer<? super AsciiString, String> header) {
        rateLimit(verdict.rateLimit(), header);
        header.accept(CODE, verdict.code().name());
        if (verdict.valid()) {
            header.accept(KEY_ID, verdict.keyId());
            header.accept(ORGANIZATION_ID, verdict.organizationId());
            io.keyledger.validator.hotset.KeyExtras extras = verdict.key() == null ? null : verdict.key().extras();
            if (extras != null && extras.metaHeader() != null) {
                header.accept(META, extras.metaHeader());
            }
        }
        if (verdict.code() == VerificationCode.RATE_LIMITED) {
            header.accept(RETRY_AFTER, Long.toString(Math.max(1, verdict.rateLimit().retryAfterSeconds())));
        }
        if (verdict.code() == VerificationCode.USAGE_EXCEEDED) {
            long untilRefill = verdict.credits().retryAfterSeconds(System.currentTimeMillis());
            if (untilRefill > 0) {
                header.accept(RETRY_AFTER, Long.toString(untilRefill));
            }
        }
    }
}
