package io.keyledger.validator.ratelimit;

import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.organizations.Plan;
import java.util.Arrays;

/**
 * The limits that apply to one key: its own where set, its organization plan's otherwise
 * (DESIGN.md §4). A value of {@code 0} means "no limit in that window".
 *
 * @param perSecond token-bucket refill per second ({@code 0}: no bucket)
 * @param burst     token-bucket capacity (defaults to {@code perSecond})
 */
public record Limits(int perSecond, int burst, int perMinute, int perHour, int perDay) {

    public static final Limits UNLIMITED = new Limits(0, 0, 0, 0, 0);

    /** Most keys have no limits of their own: their plan's, resolved once. */
    private static final Limits[] PLAN_DEFAULTS = Arrays.stream(Plan.values())
            .map(plan -> compute(null, plan)).toArray(Limits[]::new);

    /** The key's own limits, each unset one taken from the plan. */
    public static Limits resolve(RateLimit own, Plan plan) {
        return own == null ? PLAN_DEFAULTS[plan.ordinal()] : compute(own, plan);
    }

    private static Limits compute(RateLimit own, Plan plan) {
        RateLimit defaults = plan.defaultRateLimit();
        int perSecond = pick(own == null ? null : own.perSecond(), defaults.perSecond());
        int burst = pick(own == null ? null : own.burst(), own != null && own.perSecond() != null
                ? own.perSecond() : defaults.burst());
        return new Limits(perSecond, perSecond == 0 ? 0 : Math.max(burst, 1),
                pick(own == null ? null : own.perMinute(), defaults.perMinute()),
                pick(own == null ? null : own.perHour(), defaults.perHour()),
                pick(own == null ? null : own.perDay(), defaults.perDay()));
    }

    private static int pick(Integer own, Integer fallback) {
        Integer value = own != null ? own : fallback;
        return value == null || value < 0 ? 0 : value;
    }
}
