package io.keyledger.validator.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.validator.MutableClock;
import io.keyledger.validator.TestKeys;
import io.keyledger.validator.attempts.AttemptPublisher;
import io.keyledger.validator.hotset.HotSet;
import io.keyledger.validator.ratelimit.RateLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The attempt names the address the verdict was judged by (DESIGN §8), whatever the verdict. */
class VerificationServiceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final HotSet hotSet = new HotSet();
    private final AttemptPublisher publisher = mock(AttemptPublisher.class);
    private final VerificationService service = new VerificationService(new Verifier(hotSet, new RateLimiter(), clock),
            publisher, clock, new SimpleMeterRegistry());
    private final TestKeys keys = new TestKeys(5);

    @Test
    void everyAttemptRecordsTheAddressItsVerdictWasJudgedBy() {
        String key = keys.newKey();
        hotSet.on(TestKeys.created("k1", "org-a", key, List.of(), null, new Restrictions(List.of("10.0.0.0/8"), List.of()),
                null));
        assertThat(service.verify(input(key, "10.1.2.3", null)).code()).isEqualTo(VerificationCode.VALID);
        assertThat(service.verify(input(key, "192.0.2.7", null)).code()).isEqualTo(VerificationCode.IP_NOT_ALLOWED);
        assertThat(service.verify(input(keys.newKey(), "198.51.100.9", null)).code()).isEqualTo(VerificationCode.NOT_FOUND);
        assertThat(service.verify(input(key, "10.1.2.3", "org-b")).code()).isEqualTo(VerificationCode.NOT_FOUND);

        ArgumentCaptor<AuthAttempt> attempts = ArgumentCaptor.forClass(AuthAttempt.class);
        verify(publisher, times(4)).publish(attempts.capture());
        assertThat(attempts.getAllValues()).extracting(AuthAttempt::ip)
                .containsExactly("10.1.2.3", "192.0.2.7", "198.51.100.9", "10.1.2.3");
        assertThat(attempts.getAllValues()).extracting(AuthAttempt::code).containsExactly(VerificationCode.VALID,
                VerificationCode.IP_NOT_ALLOWED, VerificationCode.NOT_FOUND, VerificationCode.NOT_FOUND);
        // the key of another organization than the required one is not named in the log either
        assertThat(attempts.getAllValues().get(3).keyId()).isNull();
        assertThat(attempts.getAllValues().get(3).organizationId()).isNull();
    }

    @Test
    void everyAttemptRecordsTheReferrerAndWhichSecretMatched() {
        String oldKey = keys.newKey();
        String newKey = keys.newKey();
        hotSet.on(TestKeys.created("k1", "org-a", oldKey, List.of(), null, Restrictions.NONE, null));
        hotSet.on(new io.keyledger.api.keys.ApiKeyRotatedEvent("k1", "org-a",
                io.keyledger.api.keys.ApiKeyFormat.sha256Hex(newKey), "p",
                io.keyledger.api.keys.ApiKeyFormat.sha256Hex(oldKey), clock.instant().plusSeconds(60)));
        service.verify(new VerifyInput(oldKey, null, List.of(), "10.0.0.1", "https://a.example/", "agent", true));
        service.verify(new VerifyInput(newKey, null, List.of(), "10.0.0.1", null, "agent", true));
        service.verify(new VerifyInput(keys.newKey(), null, List.of(), "10.0.0.1", null, "agent", true));

        ArgumentCaptor<AuthAttempt> attempts = ArgumentCaptor.forClass(AuthAttempt.class);
        verify(publisher, times(3)).publish(attempts.capture());
        assertThat(attempts.getAllValues()).extracting(AuthAttempt::secret)
                .containsExactly(AuthAttempt.PREVIOUS_SECRET, AuthAttempt.CURRENT_SECRET, null);
        assertThat(attempts.getAllValues()).extracting(AuthAttempt::referrer)
                .containsExactly("https://a.example/", null, null);
    }

    private static VerifyInput input(String key, String ip, String requiredOrganization) {
        return new VerifyInput(key, null, List.of(), ip, null, "agent", true, requiredOrganization);
    }
}
