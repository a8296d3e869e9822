package io.keyledger.support.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The one rule for instants that enter the API (API.md "Input rules"): RFC 3339 with an offset,
 * between {@link #MIN} and {@link #MAX}. Bodies (Jackson) and query parameters (Spring's
 * conversion) both go through {@link #parse}; other services reuse {@link #RANGE} and
 * {@link #requireInRange} for instants they compute (e.g. {@code now + days}).
 */
public final class Instants {

    public static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");
    /** How an answer says it: "field 'expires_at' " + RANGE, "parameter 'to' " + RANGE. */
    public static final String RANGE = "must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z";
    public static final String FORMAT = "must be an RFC 3339 timestamp, e.g. 2030-01-31T12:00:00Z";

    private Instants() {
    }

    /** A field or parameter's instant that breaks the rule; the message says which part, never the value. */
    public static final class InvalidInstantException extends IllegalArgumentException {
        InvalidInstantException(String message) {
            super(message);
        }
    }

    /** @throws InvalidInstantException with {@link #FORMAT} or {@link #RANGE} as its message */
    public static Instant parse(String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text.strip().equals(text) ? text : "", DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException | ArithmeticException e) {
            throw new InvalidInstantException(text.length() > 0 && looksLikeYearOutOfRange(text) ? RANGE : FORMAT);
        }
        return requireInRange(instant);
    }

    /** @throws InvalidInstantException with {@link #RANGE} */
    public static Instant requireInRange(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new InvalidInstantException(RANGE);
        }
        return instant;
    }

    /** "+1000000000-…" or "-0001-…": well formed apart from a year java.time cannot hold or RFC 3339 lacks. */
    private static boolean looksLikeYearOutOfRange(String text) {
        return text.matches("[+-]\\d{4,}-\\d{2}-\\d{2}T.*");
    }

    /** A parameter's problem detail: "parameter 'to' must lie between …". */
    public static String parameterMessage(String parameter, String reason) {
        return "parameter '" + parameter + "' " + reason;
    }
}
