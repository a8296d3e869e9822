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
    private final long sizeMillis;
    private final long graceMillis;

    Interval(Duration size, Duration grace) {
        this.size = size;
        this.grace = grace;
        this.sizeMillis = size.toMillis();
        this.graceMillis = grace.toMillis();
    }

    /** Start of the window holding {@code millis}. */
    long start(long millis) {
        return Math.floorDiv(millis, sizeMillis) * sizeMillis;
    }

    /** A window is closed once stream time passed its end by the grace: a later attempt is dropped. */
    boolean closed(long start, long streamTime) {
        return start + sizeMillis + graceMillis <= streamTime;
    }

    public Duration size() {
        return size;
    }

    public Duration grace() {
        return grace;
    }

    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
