package io.keyledger.api.keys;

/**
 * A key's automatic renewal (API.md, "Expiry, renewal and credits"): at each expiry notice
 * (30, 7 and 1 day before {@code expires_at}) a key that qualifies gets its expiry moved
 * {@code periodDays} later, within the organization's {@code max_key_lifetime_days}.
 *
 * @param periodDays           how far a renewal moves the expiry, 1–366 days
 * @param onlyIfUsedWithinDays renew only a key used within this many days (1–366), {@code null}
 *                             for any key
 */
public record AutoRenew(Integer periodDays, Integer onlyIfUsedWithinDays) {
}
