package io.keyledger.validator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.organizations.Plan;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** 10:00:00.000 UTC: a minute, hour and day boundary is ahead at known distances. */
    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    private final RateLimiter limiter = new RateLimiter();

    @Test
    void theTokenBucketAllowsABurstThenRefillsAtTheRate() {
        Limits limits = new Limits(2, 4, 0, 0, 0);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("k", null, limits, T0).allowed()).isTrue();
        }
        RateLimiter.Decision refused = limiter.acquire("k", null, limits, T0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.status().retryAfterSeconds()).isEqualTo(1);
        assertThat(limiter.acquire("k", null, limits, T0 + 499).allowed()).isFalse();
        assertThat(limiter.acquire("k", null, limits, T0 + 500).allowed()).isTrue();
        assertThat(limiter.acquire("k", null, limits, T0 + 500).allowed()).isFalse();
    }

    @Test
    void aHolderSharesTheKeysBucketAndLetsGoOfItOnceEvicted() {
        Limits limits = new Limits(0, 0, 2, 0, 0);
        Holder holder = new Holder();
        assertThat(limiter.acquire("k", holder, limits, T0).allowed()).isTrue();
        assertThat(holder.bucket).isNotNull();
        // the holder and the map are one state: a new version of the key's entry (empty holder) counts on
        assertThat(limiter.acquire("k", new Holder(), limits, T0).allowed()).isTrue();
        assertThat(limiter.acquire("k", holder, limits, T0).allowed()).isFalse();

        RateLimiter.Bucket evicted = holder.bucket;
        assertThat(limiter.evictIdle(T0 + 60_000)).isEqualTo(1);
        assertThat(limiter.acquire("k", holder, limits, T0 + 60_000).status().remaining()).isEqualTo(1);
        assertThat(holder.bucket).isNotSameAs(evicted);
        assertThat(limiter.acquire("k", null, limits, T0 + 60_000).allowed()).isTrue();
        assertThat(limiter.acquire("k", holder, limits, T0 + 60_000).allowed()).isFalse();
    }

    private static final class Holder implements RateLimiter.BucketHolder {
        RateLimiter.Bucket bucket;

        @Override
        public RateLimiter.Bucket bucket() {
            return bucket;
        }

        @Override
        public void bucket(RateLimiter.Bucket bucket) {
            this.bucket = bucket;
        }
    }

    @Test
    void windowsCountPerUtcMinuteHourAndDayAndReportTheTightest() {
        Limits limits = new Limits(0, 0, 3, 5, 0);
        long t = T0 + 10_000;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k", null, limits, t).allowed()).isTrue();
        }
        RateLimiter.Decision refused = limiter.acquire("k", null, limits, t);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.status().limit()).isEqualTo(3);
        assertThat(refused.status().remaining()).isZero();
        assertThat(refused.status().resetEpochSeconds()).isEqualTo((T0 + 60_000) / 1000);
        assertThat(refused.status().retryAfterSeconds()).isEqualTo(50);

        t = T0 + 60_000;
        assertThat(limiter.acquire("k", null, limits, t).allowed()).isTrue();
        RateLimiter.Decision last = limiter.acquire("k", null, limits, t);
        assertThat(last.allowed()).isTrue();
        assertThat(last.status().limit()).isEqualTo(5);
        assertThat(last.status().remaining()).isZero();
        RateLimiter.Decision hourly = limiter.acquire("k", null, limits, t + 1);
        assertThat(hourly.allowed()).isFalse();
        assertThat(hourly.status().resetEpochSeconds()).isEqualTo((T0 + 3_600_000) / 1000);
        assertThat(limiter.acquire("k", null, limits, T0 + 3_600_000).allowed()).isTrue();
    }

    @Test
    void theDayWindowResetsAtUtcMidnight() {
        Limits limits = new Limits(0, 0, 0, 0, 1);
        assertThat(limiter.acquire("k", null, limits, T0).allowed()).isTrue();
        RateLimiter.Decision refused = limiter.acquire("k", null, limits, T0 + 1);
        assertThat(refused.allowed()).isFalse();
        long midnight = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
        assertThat(refused.status().resetEpochSeconds()).isEqualTo(midnight / 1000);
        assertThat(limiter.acquire("k", null, limits, midnight).allowed()).isTrue();
    }

    @Test
    void peekSpendsNothingAndKeysAreIndependent() {
        Limits limits = new Limits(0, 0, 1, 0, 0);
        assertThat(limiter.peek("k", limits, T0).status().remaining()).isEqualTo(1);
        assertThat(limiter.acquire("k", null, limits, T0).allowed()).isTrue();
        assertThat(limiter.peek("k", limits, T0).allowed()).isFalse();
        assertThat(limiter.peek("k", limits, T0).status().remaining()).isZero();
        assertThat(limiter.acquire("other", null, limits, T0).allowed()).isTrue();
    }

    @Test
    void idleBucketsAreEvictedOnlyOnceAFreshOneWouldBehaveTheSame() {
        Limits limits = new Limits(1, 5, 10, 0, 0);
        limiter.acquire("k", null, limits, T0 + 1_000);
        limiter.acquire("busy", null, limits, T0 + 1_000);
        assertThat(limiter.evictIdle(T0 + 59_999)).isZero();
        limiter.acquire("busy", null, limits, T0 + 59_999);
        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.evictIdle(T0 + 60_000)).isEqualTo(1);
        assertThat(limiter.size()).isEqualTo(1);
        assertThat(limiter.acquire("k", null, limits, T0 + 60_000).status().remaining()).isEqualTo(4);
    }

    @Test
    void aKeysOwnLimitsOverrideThePlanFieldByField() {
        Limits own = Limits.resolve(new RateLimit(null, null, 7, null, 100), Plan.PROFESSIONAL);
        assertThat(own).isEqualTo(new Limits(50, 100, 7, 10_000, 100));
        assertThat(Limits.resolve(null, Plan.FREE)).isEqualTo(new Limits(10, 20, 100, 1_000, 0));
        assertThat(Limits.resolve(new RateLimit(5, null, null, null, null), Plan.FREE).burst()).isEqualTo(5);
    }
}
