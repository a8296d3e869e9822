package io.keyledger.validator.hotset;

import io.keyledger.api.organizations.Plan;

/**
 * An organization as the hot set knows it. Keys hold a reference to it, so the plan (and with
 * it the default rate limits) is resolved at verification time without a map lookup. A key
 * may arrive before its organization's registration (events of different aggregates carry no
 * order guarantee across writers); until then the plan is unknown and {@link #plan()} answers
 * {@link Plan#FREE}, the most conservative defaults.
 */
public final class Organization {

    private final String id;
    private volatile Plan plan;

    Organization(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public Plan plan() {
        Plan current = plan;
        return current == null ? Plan.FREE : current;
    }

    void plan(Plan plan) {
        this.plan = plan;
    }
}
