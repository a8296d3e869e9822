package io.keyledger.validator.ratelimit;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key rate limits: a token bucket per second (refill {@code perSecond}, capacity
 * {@code burst}) and fixed windows per minute, hour and day aligned on UTC boundaries, so
 * that {@code X-RateLimit-Reset} names a clean instant shared by every validator. A request
 * passes only when every configured limit has room; a refused request spends nothing.
 *
 * <p>State exists only for keys that were used: a bucket is created on first use and
 * {@link #evictIdle(long) evicted} once it is indistinguishable from a fresh one (its longest
 * window has rolled over and its tokens are back to full), so memory is bounded by the keys
 * active in the current window, never by the number of requests.
 *
 * <p>Each validator instance counts on its own: with N instances behind a balancer a key can
 * get up to N times its limit. That is the price of never calling another service on the
 * hot path (DESIGN.md §1).
 */
public final class RateLimiter {

    static final long MINUTE = 60_000;
    static final long HOUR = 3_600_000;
    static final long DAY = 86_400_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Spends one request of {@code keyId} if every limit has room, keeping the key's bucket in
     * {@code holder} (may be {@code null}) so the next call skips the map: on a million keys the
     * map's lookup is three cache misses (the id's hash, the bin, the node). The map stays the
     * truth; a holder only caches, and an evicted bucket in it is looked up again.
     */
    public Decision acquire(String keyId, BucketHolder holder, Limits limits, long nowMillis) {
        Bucket bucket = holder == null ? null : holder.bucket();
        while (true) {
            if (bucket == null) {
                bucket = buckets.computeIfAbsent(keyId, id -> new Bucket(nowMillis));
                if (holder != null) {
                    holder.bucket(bucket);
                }
            }
            synchronized (bucket) {
                if (!bucket.evicted) {
                    return bucket.acquire(limits, nowMillis, true);
                }
            }
            bucket = null;
        }
    }

    /** The state of {@code keyId}'s limits without spending anything. */
    public Decision peek(String keyId, Limits limits, long nowMillis) {
        Bucket bucket = buckets.get(keyId);
        if (bucket == null) {
            return new Bucket(nowMillis).acquire(limits, nowMillis, false);
        }
        synchronized (bucket) {
            return bucket.acquire(limits, nowMillis, false);
        }
    }

    /** Drops the state of keys idle long enough that a fresh bucket would behave the same. */
    public int evictIdle(long nowMillis) {
        int evicted = 0;
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket bucket = it.next();
            synchronized (bucket) {
                if (bucket.idleAt(nowMillis)) {
                    bucket.evicted = true;
                    it.remove();
                    evicted++;
                }
            }
        }
        return evicted;
    }

    /** Number of keys with rate-limit state. */
    public int size() {
        return buckets.size();
    }

    /**
     * The outcome of {@link #acquire}/{@link #peek}.
     *
     * @param allowed whether the request passes (for {@code peek}: whether one would)
     * @param status  what to report in the headers
     */
    public record Decision(boolean allowed, RateLimitStatus status) {
    }

    /** Something that keeps a key's bucket between calls (the key's entry in the hot set). */
    public interface BucketHolder {
        Bucket bucket();

        void bucket(Bucket bucket);
    }

    /** One key's rate-limit state; opaque outside this class. */
    public static final class Bucket {
        double tokens = -1;
        long refilledAt;
        long minuteStart;
        long hourStart;
        long dayStart;
        int minuteCount;
        int hourCount;
        int dayCount;
        /** When this bucket would be indistinguishable from a fresh one. */
        long idleFrom;
        boolean evicted;

        Bucket(long nowMillis) {
            refilledAt = nowMillis;
        }

        Decision acquire(Limits limits, long now, boolean spend) {
            double available = tokensAt(limits, now);
            int minute = countIn(minuteStart, MINUTE, minuteCount, now);
            int hour = countIn(hourStart, HOUR, hourCount, now);
            int day = countIn(dayStart, DAY, dayCount, now);

            long retryAfterMillis = 0;
            if (limits.perSecond() > 0 && available < 1) {
                retryAfterMillis = Math.max(retryAfterMillis, (long) Math.ceil((1 - available) * 1000 / limits.perSecond()));
            }
            if (limits.perMinute() > 0 && minute >= limits.perMinute()) {
                retryAfterMillis = Math.max(retryAfterMillis, windowEnd(now, MINUTE) - now);
            }
            if (limits.perHour() > 0 && hour >= limits.perHour()) {
                retryAfterMillis = Math.max(retryAfterMillis, windowEnd(now, HOUR) - now);
            }
            if (limits.perDay() > 0 && day >= limits.perDay()) {
                retryAfterMillis = Math.max(retryAfterMillis, windowEnd(now, DAY) - now);
            }
            boolean allowed = retryAfterMillis == 0;
            int spent = allowed && spend ? 1 : 0;
            if (spend && allowed) {
                tokens = available - (limits.perSecond() > 0 ? 1 : 0);
                refilledAt = now;
                minuteStart = windowStart(now, MINUTE);
                hourStart = windowStart(now, HOUR);
                dayStart = windowStart(now, DAY);
                minuteCount = minute + 1;
                hourCount = hour + 1;
                dayCount = day + 1;
                idleFrom = idleFrom(limits, now);
            }
            return new Decision(allowed, report(limits, now, available - spent, minute + spent, hour + spent,
                    day + spent, (retryAfterMillis + 999) / 1000));
        }

        boolean idleAt(long now) {
            return now >= idleFrom;
        }

        private long idleFrom(Limits limits, long now) {
            long longest = limits.perDay() > 0 ? DAY : limits.perHour() > 0 ? HOUR : limits.perMinute() > 0 ? MINUTE : 0;
            long windowsDone = longest == 0 ? now : windowEnd(now, longest);
            long full = limits.perSecond() > 0
                    ? now + (long) Math.ceil((limits.burst() - tokens) * 1000 / limits.perSecond())
                    : now;
            return Math.max(windowsDone, full);
        }

        private double tokensAt(Limits limits, long now) {
            if (limits.perSecond() <= 0) {
                return Double.MAX_VALUE;
            }
            if (tokens < 0) {
                return limits.burst();
            }
            double refilled = tokens + (now - refilledAt) * (double) limits.perSecond() / 1000;
            return Math.min(limits.burst(), refilled);
        }

        private static int countIn(long start, long size, int count, long now) {
            return windowStart(now, size) == start ? count : 0;
        }

        /** The window nearest to exhaustion; ties go to the shorter window. */
        private static RateLimitStatus report(Limits limits, long now, double tokensLeft, int minute, int hour, int day,
                                              long retryAfterSeconds) {
            long limit = Integer.MAX_VALUE;
            long remaining = Integer.MAX_VALUE;
            long reset = now / 1000;
            if (limits.perSecond() > 0) {
                limit = limits.burst();
                remaining = Math.max(0, (long) Math.floor(tokensLeft));
                long refillMillis = (long) Math.ceil((limits.burst() - Math.max(0, tokensLeft)) * 1000 / limits.perSecond());
                reset = (now + refillMillis + 999) / 1000;
            }
            // minute, hour, day: the first one with the fewest requests left is reported
            for (int w = 0; w < 3; w++) {
                long windowLimit = w == 0 ? limits.perMinute() : w == 1 ? limits.perHour() : limits.perDay();
                if (windowLimit > 0) {
                    long used = w == 0 ? minute : w == 1 ? hour : day;
                    long left = Math.max(0, windowLimit - used);
                    if (left < remaining) {
                        limit = windowLimit;
                        remaining = left;
                        reset = windowEnd(now, w == 0 ? MINUTE : w == 1 ? HOUR : DAY) / 1000;
                    }
                }
            }
            return new RateLimitStatus(limit, remaining, reset, retryAfterSeconds);
        }

        private static long windowStart(long now, long size) {
            return now - Math.floorMod(now, size);
        }

        private static long windowEnd(long now, long size) {
            return windowStart(now, size) + size;
        }
    }
}
