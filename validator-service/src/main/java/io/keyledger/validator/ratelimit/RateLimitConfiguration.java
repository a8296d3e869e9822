package io.keyledger.validator.ratelimit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    RateLimiter rateLimiter(MeterRegistry meters) {
        RateLimiter limiter = new RateLimiter();
        Gauge.builder("keyledger.ratelimit.buckets", limiter, RateLimiter::size)
                .description("keys with rate-limit state in memory").register(meters);
        return limiter;
    }

    @Bean
    IdleBucketEviction idleBucketEviction(RateLimiter limiter, Clock clock) {
        return new IdleBucketEviction(limiter, clock);
    }

    /** Keeps the limiter's memory bounded by the keys in use, not the keys ever used. */
    static final class IdleBucketEviction {
        private final RateLimiter limiter;
        private final Clock clock;

        IdleBucketEviction(RateLimiter limiter, Clock clock) {
            this.limiter = limiter;
            this.clock = clock;
        }

        @Scheduled(fixedDelayString = "${keyledger.validator.rate-limit.eviction-interval:30s}")
        void evict() {
            limiter.evictIdle(clock.millis());
        }
    }
}
