package io.keyledger.api.organizations;

import io.keyledger.api.keys.RateLimit;

/**
 * An organization's plan; it supplies the default rate limits of its keys (DESIGN.md §4).
 * Enterprise limits are custom: its defaults are generous and meant to be overridden per key.
 */
public enum Plan {
    FREE(new RateLimit(10, 20, 100, 1_000, null)),
    PROFESSIONAL(new RateLimit(50, 100, 500, 10_000, null)),
    ENTERPRISE(new RateLimit(1_000, 2_000, 50_000, 1_000_000, null));

    private final RateLimit defaultRateLimit;

    Plan(RateLimit defaultRateLimit) {
        this.defaultRateLimit = defaultRateLimit;
    }

    public RateLimit defaultRateLimit() {
        return defaultRateLimit;
    }
}
