package io.keyledger.query.usage;

import java.time.Duration;

/** The buckets usage is counted in. Windows are aligned to the epoch, so days are UTC days. */
public enum Interval {
    MINUTE(Duration.ofMinutes(1), Duration.ofMinutes(5)),
    HOUR(Duration.ofHours(1), Duration.ofMinutes(10)),
    DAY(Duration.ofDays(1), Duration.ofMinutes(30));

    private final Duration size;
    /** How late an attempt may arrive and still be counted in its window. */
    private final Duration grace;

    Interval(Duration size, Duration grace) {
        this.size = size;
        this.grace = grace;
    }

    public Duration size() {
        return size;
    }

    public Duration grace() {
        return grace;
    }

    /** {@code minute}, {@code hour} or {@code day}, any case; anything else is a 400 naming the parameter. */
    public static Interval parse(String interval) {
        for (Interval i : values()) {
            if (i.token().equalsIgnoreCase(interval == null ? "" : interval.strip())) {
                return i;
            }
        }
        throw new IllegalArgumentException("parameter 'interval' must be one of minute, hour, day");
    }

    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
