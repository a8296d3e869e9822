package io.keyledger.validator.ratelimit;

/**
 * What the {@code X-RateLimit-*} headers report: the window closest to exhaustion.
 *
 * @param limit             the window's limit
 * @param remaining         requests left in it
 * @param resetEpochSeconds when it resets (Unix seconds)
 * @param retryAfterSeconds for a refused request, how long until one would pass; {@code 0} otherwise
 */
public record RateLimitStatus(long limit, long remaining, long resetEpochSeconds, long retryAfterSeconds) {

    /** For answers about no key at all (malformed, unknown): nothing to spend. */
    public static RateLimitStatus none(long nowMillis) {
        return new RateLimitStatus(0, 0, nowMillis / 1000, 0);
    }
}
