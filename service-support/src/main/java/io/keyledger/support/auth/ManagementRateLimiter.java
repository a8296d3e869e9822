package io.keyledger.support.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.keyledger.api.keys.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The rate limits of management calls, per calling key and per service instance: the management
 * limit every key has ({@code keyledger.management-api.rate-limit.per-second} / {@code .burst},
 * a token bucket) and the key's own {@code rate_limit} (token bucket per second and burst, and
 * minute/hour/day windows aligned on UTC boundaries like the validator's). Only the fields the key
 * sets count here; the plan's defaults are a verification quota. A refused call spends nothing.
 *
 * <p>Bucket4j does the counting; the buckets live in a Caffeine cache bounded by
 * {@code maxKeys} and dropped a day after their last use, when a fresh bucket would behave the
 * same. An instance counts on its own: with N instances a key gets up to N times its limits.
 */
final class ManagementRateLimiter {

    /** What a call was allowed, or why not and for how long. */
    record Decision(Refusal refusal, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(null, 0);

        boolean allowed() {
            return refusal == null;
        }
    }

    private record KeyBuckets(RateLimit own, Bucket management, Bucket ownBucket) {
    }

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final long perSecond;
    private final long burst;
    private final Clock clock;
    private final TimeMeter time;
    private final Cache<String, KeyBuckets> buckets;

    /**
     * @param perSecond management calls a key may make per second, sustained
     * @param burst     how many it may make at once
     * @param maxKeys   how many keys' buckets are kept at most
     * @param clock     the time the buckets refill by
     */
    ManagementRateLimiter(long perSecond, long burst, long maxKeys, Clock clock) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException(
                    "keyledger.management-api.rate-limit.per-second and .burst must be at least 1");
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("keyledger.management-api.rate-limit.max-keys must be at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(DAY)
                .ticker(time::currentTimeNanos)
                // upkeep on the calling thread: a few map operations, and no pool thread to wait for
                .executor(Runnable::run)
                .build();
    }

    /** Spends one management call of {@code keyId} if both its limits have room. */
    Decision acquire(String keyId, RateLimit own) {
        KeyBuckets key = buckets.get(keyId, id -> create(own));
        if (!key.own().equals(own)) {
            // the key's rate_limit changed: its own bucket starts over, the management one goes on
            key = buckets.asMap().compute(keyId, (id, current) -> current == null
                    ? create(own) : current.own().equals(own) ? current
                    : new KeyBuckets(own, current.management(), ownBucket(own)));
        }
        ConsumptionProbe management = key.management().tryConsumeAndReturnRemaining(1);
        if (!management.isConsumed()) {
            return limited(Refusal.MANAGEMENT_RATE_LIMITED, management);
        }
        if (key.ownBucket() != null) {
            ConsumptionProbe ownProbe = key.ownBucket().tryConsumeAndReturnRemaining(1);
            if (!ownProbe.isConsumed()) {
                key.management().addTokens(1);
                return limited(Refusal.RATE_LIMITED, ownProbe);
            }
        }
        return Decision.ALLOWED;
    }

    /** Number of keys with buckets, after pending evictions. */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    long perSecond() {
        return perSecond;
    }

    long burst() {
        return burst;
    }

    private KeyBuckets create(RateLimit own) {
        Bucket management = builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build();
        return new KeyBuckets(own, management, ownBucket(own));
    }

    /** The key's own limits as one bucket, or {@code null} when it sets none. */
    private Bucket ownBucket(RateLimit own) {
        LocalBucketBuilder builder = builder();
        boolean any = false;
        if (positive(own.perSecond())) {
            long capacity = positive(own.burst()) ? own.burst() : own.perSecond();
            builder.addLimit(Bandwidth.builder().capacity(capacity)
                    .refillGreedy(own.perSecond(), Duration.ofSeconds(1)).build());
            any = true;
        }
        any |= window(builder, own.perMinute(), MINUTE);
        any |= window(builder, own.perHour(), HOUR);
        any |= window(builder, own.perDay(), DAY);
        return any ? builder.build() : null;
    }

    /** A fixed window of {@code size} aligned on UTC boundaries: full again at each boundary. */
    private boolean window(LocalBucketBuilder builder, Integer limit, Duration size) {
        if (!positive(limit)) {
            return false;
        }
        long sizeMillis = size.toMillis();
        Instant nextBoundary = Instant.ofEpochMilli((clock.millis() / sizeMillis + 1) * sizeMillis);
        builder.addLimit(Bandwidth.builder().capacity(limit).refillIntervallyAligned(limit, size, nextBoundary).build());
        return true;
    }

    private LocalBucketBuilder builder() {
        return Bucket.builder().withCustomTimePrecision(time);
    }

    private static boolean positive(Integer value) {
        return value != null && value > 0;
    }

    private static Decision limited(Refusal refusal, ConsumptionProbe probe) {
        long nanos = probe.getNanosToWaitForRefill();
        long seconds = nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1);
        return new Decision(refusal, Math.max(1, seconds));
    }
}
