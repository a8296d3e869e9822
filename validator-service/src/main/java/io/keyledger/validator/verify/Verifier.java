package io.keyledger.validator.verify;

import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.Permissions;
import io.keyledger.validator.hotset.HotSet;
import io.keyledger.validator.hotset.KeyEntry;
import io.keyledger.validator.hotset.KeyRestrictions;
import io.keyledger.validator.ratelimit.Limits;
import io.keyledger.validator.ratelimit.RateLimitStatus;
import io.keyledger.validator.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of DESIGN.md §4, in order, each with its own code: format and checksum (before
 * any hashing, so garbage costs no digest), existence (a key of another organization than the
 * one the caller requires, or revoked or expired longer ago than the hot set's retention, does
 * not exist), status (disabled, revoked, expired —
 * the expiry is compared with the clock now, whether or not {@code ApiKeyExpired} has
 * arrived), IP allow-list, referrer, permission, rate limit. Only a request that passes every
 * other check spends rate-limit budget.
 */
public final class Verifier {

    private final HotSet hotSet;
    private final RateLimiter rateLimiter;
    private final Clock clock;
    private final io.keyledger.validator.credits.CreditBook credits;

    public Verifier(HotSet hotSet, RateLimiter rateLimiter, Clock clock) {
        this(hotSet, rateLimiter, clock, io.keyledger.validator.credits.CreditBook.unmetered());
    }

    public Verifier(HotSet hotSet, RateLimiter rateLimiter, Clock clock, io.keyledger.validator.credits.CreditBook credits) {
        this.hotSet = hotSet;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.credits = credits;
    }

    public Verdict verify(VerifyInput input) {
        long now = clock.millis();
        if (input.organizationKey() != null) {
            return verifyDual(input, now);
        }
        if (!wellFormed(input.key())) {
            return new Verdict(VerificationCode.MALFORMED, null, List.of(), RateLimitStatus.none(now));
        }
        byte[] digest = KeyDigest.sha256(input.key());
        KeyEntry key = hotSet.findCurrent(digest);
        boolean previous = false;
        if (key == null) {
            key = hotSet.findPrevious(digest, now);
            previous = key != null;
        }
        if (key == null || !ofRequiredOrganization(key, input)) {
            return notFound(now);
        }
        VerificationCode code = checkStanding(key, input, now);
        if (isForgotten(code, key, now)) {
            return notFound(now);
        }
        if (code == null) {
            for (String asked : input.permissions()) {
                if (!key.permissions().grants(asked)) {
                    code = VerificationCode.FORBIDDEN;
                    break;
                }
            }
        }
        return limit(code, key, key.permissions().asList(), input, now, previous);
    }

    /**
     * The dual scheme: an organization key ({@code X-Organization-Api-Key}) and a user key of
     * the same organization ({@code Authorization: Bearer}). Both must pass every check but the
     * rate limit; a permission must be granted by both; the user key's budget is spent.
     */
    private Verdict verifyDual(VerifyInput input, long now) {
        if (!wellFormed(input.organizationKey())) {
            return new Verdict(VerificationCode.MALFORMED, null, List.of(), RateLimitStatus.none(now));
        }
        KeyEntry orgKey = hotSet.find(KeyDigest.sha256(input.organizationKey()), now);
        if (orgKey == null || !ofRequiredOrganization(orgKey, input)) {
            return notFound(now);
        }
        VerificationCode code = checkStanding(orgKey, input, now);
        if (isForgotten(code, orgKey, now)) {
            return notFound(now);
        }
        if (code != null) {
            return new Verdict(code, orgKey, List.of(), RateLimitStatus.none(now));
        }
        if (!wellFormed(input.key())) {
            return new Verdict(VerificationCode.MALFORMED, null, List.of(), RateLimitStatus.none(now));
        }
        byte[] digest = KeyDigest.sha256(input.key());
        KeyEntry userKey = hotSet.findCurrent(digest);
        boolean previous = false;
        if (userKey == null) {
            userKey = hotSet.findPrevious(digest, now);
            previous = userKey != null;
        }
        if (userKey == null || !userKey.organizationId().equals(orgKey.organizationId())) {
            // a user key of another organization is, for this organization, a key that does not exist
            return notFound(now);
        }
        code = checkStanding(userKey, input, now);
        if (isForgotten(code, userKey, now)) {
            return notFound(now);
        }
        if (code == null) {
            for (String asked : input.permissions()) {
                if (!userKey.permissions().grants(asked) || !orgKey.permissions().grants(asked)) {
                    code = VerificationCode.FORBIDDEN;
                    break;
                }
            }
        }
        return limit(code, userKey, intersection(orgKey, userKey), input, now, previous);
    }

    /**
     * Rate limit, then credits: a request refused by the rate limit spends no credit; one that
     * passes it spends {@code cost} credits of a key that has them ({@code USAGE_EXCEEDED} when they
     * cannot cover it). {@code GET /v1/rate-limit} ({@code spend} false) spends neither.
     */
    private Verdict limit(VerificationCode failed, KeyEntry key, List<String> permissions, VerifyInput input, long now,
                          boolean previousSecret) {
        boolean spend = input.spend();
        Limits limits = Limits.resolve(key.rateLimit(), key.organization().plan());
        RateLimiter.Decision decision = failed == null && spend
                ? rateLimiter.acquire(key.keyId(), key, limits, now)
                : rateLimiter.peek(key.keyId(), limits, now);
        VerificationCode code = failed != null ? failed
                : decision.allowed() ? VerificationCode.VALID : VerificationCode.RATE_LIMITED;
        io.keyledger.validator.credits.CreditSpend spent = io.keyledger.validator.credits.CreditSpend.UNMETERED;
        if (code == VerificationCode.VALID && spend) {
            spent = credits.spend(key.keyId(), input.cost(), now);
            if (!spent.spent()) {
                code = VerificationCode.USAGE_EXCEEDED;
            }
        } else {
            Long remaining = credits.remaining(key.keyId());
            if (remaining != null) {
                spent = new io.keyledger.validator.credits.CreditSpend(true, false, remaining, 0);
            }
        }
        return new Verdict(code, key, permissions, decision.status(), spent, previousSecret);
    }

    private static Verdict notFound(long now) {
        return new Verdict(VerificationCode.NOT_FOUND, null, List.of(), RateLimitStatus.none(now));
    }

    /**
     * The organization the caller requires, when it names one: a key of another organization is,
     * for that caller, a key that does not exist (no id, no organization in the answer).
     */
    private static boolean ofRequiredOrganization(KeyEntry key, VerifyInput input) {
        return input.requiredOrganizationId() == null || input.requiredOrganizationId().equals(key.organizationId());
    }

    /** A revoked or expired key past the hot set's retention: answered as unknown, swept or not. */
    private boolean isForgotten(VerificationCode code, KeyEntry key, long now) {
        // a disabled key counts once its expiry is past the retention too: it can never work again
        return (code == VerificationCode.REVOKED || code == VerificationCode.EXPIRED
                || code == VerificationCode.DISABLED) && hotSet.forgotten(key, now);
    }

    /** Format and checksum, before any hashing: garbage costs no digest. */
    private static boolean wellFormed(String presented) {
        return presented != null && ApiKeyFormat.classify(presented) != ApiKeyFormat.Kind.MALFORMED;
    }

    /** Status, IP and referrer: {@code null} when all pass. */
    private static VerificationCode checkStanding(KeyEntry key, VerifyInput input, long now) {
        if (key.status() == KeyStatus.DISABLED) {
            return VerificationCode.DISABLED;
        }
        if (key.status() == KeyStatus.REVOKED) {
            return VerificationCode.REVOKED;
        }
        if (key.expiredAt(now)) {
            return VerificationCode.EXPIRED;
        }
        KeyRestrictions restrictions = key.restrictions();
        if (restrictions != null) {
            if (!restrictions.allowsIp(input.ip())) {
                return VerificationCode.IP_NOT_ALLOWED;
            }
            if (!restrictions.allowsReferrer(input.referrer())) {
                return VerificationCode.REFERRER_NOT_ALLOWED;
            }
        }
        return null;
    }

    /**
     * Patterns granted by both keys: each key's patterns that the other key's set covers. Exact
     * for concrete permissions and for equal wildcards; a pattern only partly covered by the
     * other key (for {@code projects:*} against {@code projects:read}) is represented by the
     * narrower one, which is what a check against both sets allows.
     */
    static List<String> intersection(KeyEntry a, KeyEntry b) {
        Set<String> both = new LinkedHashSet<>();
        for (String p : b.permissions().asList()) {
            if (coveredBy(a.permissions().asList(), p)) {
                both.add(p);
            }
        }
        for (String p : a.permissions().asList()) {
            if (coveredBy(b.permissions().asList(), p)) {
                both.add(p);
            }
        }
        return new ArrayList<>(both);
    }

    private static boolean coveredBy(List<String> granted, String pattern) {
        return Permissions.grants(granted, pattern);
    }
}
