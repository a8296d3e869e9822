package io.keyledger.validator.verify;

import io.keyledger.validator.attempts.AttemptPublisher;
import io.keyledger.validator.hotset.HotSet;
import io.keyledger.validator.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VerifyConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Verifier verifier(HotSet hotSet, RateLimiter rateLimiter, Clock clock,
                      io.keyledger.validator.credits.CreditBook credits) {
        return new Verifier(hotSet, rateLimiter, clock, credits);
    }

    @Bean
    VerificationService verificationService(Verifier verifier, AttemptPublisher publisher, Clock clock,
                                            MeterRegistry meters) {
        return new VerificationService(verifier, publisher, clock, meters);
    }
}
