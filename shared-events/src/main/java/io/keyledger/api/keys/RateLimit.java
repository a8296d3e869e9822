package io.keyledger.api.keys;

/**
 * A key's rate limits. A {@code null} field means "the organization plan's default" (see
 * {@link io.keyledger.api.organizations.Plan#defaultRateLimit()}); a plan default of
 * {@code null} means unlimited in that window.
 *
 * @param perSecond token-bucket refill rate per second
 * @param burst     token-bucket capacity
 * @param perMinute fixed-window limit per minute
 * @param perHour   fixed-window limit per hour
 * @param perDay    fixed-window limit per day
 */
public record RateLimit(Integer perSecond, Integer burst, Integer perMinute, Integer perHour, Integer perDay) {

    public static final RateLimit NONE = new RateLimit(null, null, null, null, null);

    /** This limit with every unset field taken from {@code defaults}. */
    public RateLimit orDefaults(RateLimit defaults) {
        if (defaults == null) {
            return this;
        }
        return new RateLimit(
                perSecond != null ? perSecond : defaults.perSecond,
                burst != null ? burst : defaults.burst,
                perMinute != null ? perMinute : defaults.perMinute,
                perHour != null ? perHour : defaults.perHour,
                perDay != null ? perDay : defaults.perDay);
    }
}
