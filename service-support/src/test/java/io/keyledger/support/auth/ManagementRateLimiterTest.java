package io.keyledger.support.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyledger.api.keys.RateLimit;
import io.keyledger.support.auth.ManagementRateLimiter.Decision;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Bucket4j buckets per key, on a clock the test moves: no test here waits for real time. */
class ManagementRateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:45Z"));

    @Test
    void theDefaultManagementLimitLetsABurstOfFortyThroughThenTwentyPerSecond() {
        ManagementRateLimiter limiter = new ManagementRateLimiter(20, 40, 1_000, clock);
        for (int i = 0; i < 40; i++) {
            assertThat(limiter.acquire("k", RateLimit.NONE).allowed()).as("call %d", i).isTrue();
        }
        Decision refused = limiter.acquire("k", RateLimit.NONE);
        assertThat(refused.refusal()).isEqualTo(Refusal.MANAGEMENT_RATE_LIMITED);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);

        clock.advance(Duration.ofMillis(50));
        assertThat(limiter.acquire("k", RateLimit.NONE).allowed()).isTrue();
        assertThat(limiter.acquire("k", RateLimit.NONE).allowed()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.acquire("k", RateLimit.NONE).allowed()).as("call %d after a second", i).isTrue();
        }
        assertThat(limiter.acquire("k", RateLimit.NONE).allowed()).isFalse();
    }

    @Test
    void eachKeyHasItsOwnBuckets() {
        ManagementRateLimiter limiter = new ManagementRateLimiter(1, 1, 1_000, clock);
        assertThat(limiter.acquire("a", RateLimit.NONE).allowed()).isTrue();
        assertThat(limiter.acquire("a", RateLimit.NONE).allowed()).isFalse();
        assertThat(limiter.acquire("b", RateLimit.NONE).allowed()).isTrue();
    }

    @Test
    void aPerMinuteLimitIsAWindowThatEndsOnTheMinuteBoundary() {
        ManagementRateLimiter limiter = new ManagementRateLimiter(1_000, 1_000, 1_000, clock);
        RateLimit twoPerMinute = new RateLimit(null, null, 2, null, null);
        assertThat(limiter.acquire("k", twoPerMinute).allowed()).isTrue();
        assertThat(limiter.acquire("k", twoPerMinute).allowed()).isTrue();
        Decision refused = limiter.acquire("k", twoPerMinute);
        assertThat(refused.refusal()).isEqualTo(Refusal.RATE_LIMITED);
        // 10:00:45 → the window ends at 10:01:00
        assertThat(refused.retryAfterSeconds()).isEqualTo(15);

        clock.advance(Duration.ofSeconds(14));
        assertThat(limiter.acquire("k", twoPerMinute).allowed()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.acquire("k", twoPerMinute).allowed()).isTrue();
    }

    @Test
    void perHourAndPerDayLimitsCountToo() {
        ManagementRateLimiter limiter = new ManagementRateLimiter(1_000, 1_000, 1_000, clock);
        RateLimit onePerHour = new RateLimit(null, null, null, 1, null);
        RateLimit onePerDay = new RateLimit(null, null, null, null, 1);
        assertThat(limiter.acquire("h", onePerHour).allowed()).isTrue();
        assertThat(limiter.acquire("h", onePerHour).retryAfterSeconds()).isEqualTo(59 * 60 + 15);
        assertThat(limiter.acquire("d", onePerDay).allowed()).isTrue();
        assertThat(limiter.acquire("d", onePerDay).retryAfterSeconds()).isEqualTo(14 * 3600 - 45);
    }

    @Test
    void aKeysOwnPerSecondLimitUsesItsBurst() {
        ManagementRateLimiter limiter = new ManagementRateLimiter(1_000, 1_000, 1_000, clock);
        RateLimit own = new RateLimit(2, 3, null, null, null);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k", own).allowed()).isTrue();
        }
        assertThat(limiter.acquire("k", own).refusal()).isEqualTo(Refusal.RATE_LIMITED);
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.acquire("k", own).allowed()).isTrue();
    }

    @Test
    void unsetOrNonPositiveFieldsLimitNothing() {
        ManagementRateLimiter limiter = new ManagementRateLimiter(1_000, 1_000, 1_000, clock);
        RateLimit nothing = new RateLimit(0, -1, 0, null, -5);
        for (int i = 0; i < 500; i++) {
            assertThat(limiter.acquire("k", nothing).allowed()).isTrue();
        }
    }

    @Test
    void theBucketsAreBoundedByMaxKeys() {
        ManagementRateLimiter limiter = new ManagementRateLimiter(20, 40, 100, clock);
        for (int i = 0; i < 1_000; i++) {
            limiter.acquire("key-" + i, RateLimit.NONE);
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void idleBucketsAreDroppedAfterADay() {
        ManagementRateLimiter limiter = new ManagementRateLimiter(20, 40, 100, clock);
        limiter.acquire("k", RateLimit.NONE);
        assertThat(limiter.size()).isEqualTo(1);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(limiter.size()).isZero();
    }

    @Test
    void limitsBelowOneAreRefusedAtStart() {
        assertThatThrownBy(() -> new ManagementRateLimiter(0, 40, 100, clock))
                .hasMessageContaining("keyledger.management-api.rate-limit.per-second");
        assertThatThrownBy(() -> new ManagementRateLimiter(20, 0, 100, clock))
                .hasMessageContaining(".burst");
    }
}
