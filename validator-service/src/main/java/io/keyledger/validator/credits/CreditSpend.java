package io.keyledger.validator.credits;

/**
 * What a verification's credits came to.
 *
 * @param metered          whether the key has credits at all
 * @param spent            whether the cost was spent ({@code true} for an unmetered key)
 * @param remaining        the key's balance as this validator knows it, plus what it still holds
 * @param nextRefillMillis the next refill (epoch millis), 0 for none
 */
public record CreditSpend(boolean metered, boolean spent, long remaining, long nextRefillMillis) {

    public static final CreditSpend UNMETERED = new CreditSpend(false, true, 0, 0);

    /** Seconds until the next refill (at least 1), or 0 when there is none. */
    public long retryAfterSeconds(long nowMillis) {
        return nextRefillMillis == 0 ? 0 : Math.max(1, (nextRefillMillis - nowMillis + 999) / 1000);
    }
}
