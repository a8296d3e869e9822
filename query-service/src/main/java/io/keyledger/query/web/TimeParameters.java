package io.keyledger.query.web;

import io.keyledger.query.projections.Dates;
import java.time.Instant;

/**
 * The bounds of every instant in a query parameter (API.md, "Input rules"): between
 * {@link Dates#MIN} and {@link Dates#MAX}. Outside, a 400 that names the parameter, before any
 * arithmetic on the value can overflow. Spring binds far instants (year ±10⁹ parses), so the
 * check runs on the bound value; service-support may refuse them earlier, with the same effect.
 */
public final class TimeParameters {

    private TimeParameters() {
    }

    /** {@code value} itself, or {@code null}; throws when it lies outside the API's range. */
    public static Instant bounded(String name, Instant value) {
        if (value != null && (value.isBefore(Dates.MIN) || value.isAfter(Dates.MAX))) {
            throw new IllegalArgumentException("parameter '" + name + "' must lie between " + Dates.MIN + " and "
                    + Dates.MAX);
        }
        return value;
    }

    /** Throws unless {@code from} is before {@code to}. */
    public static void ordered(String fromName, Instant from, String toName, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("parameter '" + fromName + "' must be before '" + toName + "'");
        }
    }
}
