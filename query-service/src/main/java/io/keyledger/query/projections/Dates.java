package io.keyledger.query.projections;

import java.time.Instant;
import java.util.Date;

/**
 * Saturating conversions between event instants and the read model's dates. An event is a fact
 * already stored: a projection must apply it whatever instant it holds (an {@code expires_at} of
 * year +292278995 once overflowed {@code toEpochMilli} and wedged the key projection). Instants
 * outside the API's range (API.md "Input rules") are clamped to its ends, never refused.
 */
public final class Dates {

    /** The earliest instant the API accepts and the read model holds. */
    public static final Instant MIN = Instant.EPOCH;
    /** The latest instant the API accepts and the read model holds. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");

    private Dates() {
    }

    /** {@code instant} moved into {@code [MIN, MAX]}; {@code null} stays {@code null}. */
    public static Instant clamp(Instant instant) {
        if (instant == null) {
            return null;
        }
        return instant.isBefore(MIN) ? MIN : instant.isAfter(MAX) ? MAX : instant;
    }

    /** The Mongo date of {@code instant} (milliseconds), clamped into {@code [MIN, MAX]}; never throws. */
    public static Date date(Instant instant) {
        return instant == null ? null : new Date(clamp(instant).toEpochMilli());
    }

    /** Epoch milliseconds of {@code instant}, clamped into {@code [MIN, MAX]}. */
    public static long millis(Instant instant) {
        return clamp(instant).toEpochMilli();
    }
}
