package io.keyledger.validator.web;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.support.net.TrustedProxies;
import io.keyledger.validator.MutableClock;
import io.keyledger.validator.TestKeys;
import io.keyledger.validator.attempts.AttemptPublisher;
import io.keyledger.validator.hotset.HotSet;
import io.keyledger.validator.hotset.HotSetReadiness;
import io.keyledger.validator.ratelimit.RateLimiter;
import io.keyledger.validator.verify.VerificationService;
import io.keyledger.validator.verify.Verifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real verifier over a small hot set; the attempts are kept in a list instead of being journaled. */
final class HotPathFixture {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final HotSet hotSet = new HotSet();
    final List<AuthAttempt> attempts = new CopyOnWriteArrayList<>();
    final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    final VerificationService verification;
    final HotSetReadiness readiness = mock(HotSetReadiness.class);
    /** A key of organization {@code org_a} with {@code tasks:read}, pinned to 203.0.113.0/24. */
    final String pinnedKey;
    /** A key of organization {@code org_a} with {@code tasks:read}, no restriction. */
    final String key;

    HotPathFixture() {
        AttemptPublisher publisher = mock(AttemptPublisher.class);
        org.mockito.Mockito.doAnswer(call -> attempts.add(call.getArgument(0))).when(publisher)
                .publish(org.mockito.ArgumentMatchers.any());
        verification = new VerificationService(new Verifier(hotSet, new RateLimiter(), clock), publisher, clock,
                new SimpleMeterRegistry());
        when(readiness.caughtUp()).thenReturn(true);
        TestKeys keys = new TestKeys(11);
        key = keys.newKey();
        pinnedKey = keys.newKey();
        hotSet.on(TestKeys.created("k-open", "org_a", key, List.of("tasks:read")));
        hotSet.on(TestKeys.created("k-pinned", "org_a", pinnedKey, List.of("tasks:read"), null,
                new Restrictions(List.of("203.0.113.0/24"), List.of()), null));
    }

    NettyHotPathHandler handler(TrustedProxies proxies) {
        return new NettyHotPathHandler(verification, json, false, proxies, readiness);
    }

    NettyHotPathHandler handler() {
        return handler(TrustedProxies.of(TrustedProxies.LOOPBACK));
    }
}
